import com.sference.SferenceClient;
import com.sference.model.Batch;
import com.sference.model.BatchResultItem;
import com.sference.model.CreateResponseRequest;
import com.sference.model.EventPage;
import com.sference.model.InputMessage;
import com.sference.model.Response;
import com.sference.model.Stream;
import com.sference.model.StreamEvent;
import com.sference.model.WaitOptions;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The sference Java SDK in one file: a batch, a response and a stream.
 *
 * <p>Reads SFERENCE_BASE_URL and SFERENCE_API_KEY; {@code bin/quickstart} starts a local emulator
 * and sets both. Run it yourself with
 * {@code java -cp <sdk jars> examples/Quickstart.java [examples/workload.jsonl]}.
 */
public class Quickstart {
    static final String MODEL = "Qwen/Qwen2.5-7B-Instruct";
    static final WaitOptions WAIT = WaitOptions.of(Duration.ofMillis(200), Duration.ofMinutes(10));

    public static void main(String[] args) {
        Path workload = Path.of(args.length > 0 ? args[0] : "examples/workload.jsonl");
        try (SferenceClient client = SferenceClient.fromEnv()) {
            System.out.println("connected to " + client.baseUrl() + " over the " + client.transportName() + " transport");

            // 1. A batch: submit a JSONL file, wait for it, read its results.
            Batch batch = client.batches().submit(workload, MODEL);
            System.out.println("batch " + batch.id() + ": " + batch.requestCount() + " requests, " + batch.statusText());
            Batch done = client.batches().waitForCompletion(batch.id(), WAIT,
                    progress -> System.out.println("  ... " + progress.statusText()));
            System.out.printf("batch %s %s, %d tokens%n", done.id(), done.statusText(), done.totalTokens());
            System.out.printf("  %-12s %-10s %6s  %s%n", "custom_id", "status", "tokens", "text");
            for (BatchResultItem item : client.batches().results(done.id()).results()) {
                System.out.printf("  %-12s %-10s %6d  %s%n", item.customId(), item.statusText(), item.totalTokens(),
                        shorten(item.text().orElse(item.error() == null ? "" : item.error().message())));
            }

            // 2. A response: one OpenAI-compatible job, created and awaited.
            Response answer = client.responses().createAndWait(CreateResponseRequest.ask(MODEL, "Say hello"), WAIT);
            System.out.println("response " + answer.id() + " " + answer.statusText() + ": " + answer.outputText());

            // 3. A stream: several jobs under one id, read back as events.
            Stream stream = client.streams().create("quickstart");
            for (String prompt : new String[] {"first", "second", "third"}) {
                Response job = client.responses().create(CreateResponseRequest.builder(MODEL)
                        .input(InputMessage.user(prompt + " prompt")).streamId(stream.id()).customId(prompt).build());
                client.responses().waitForCompletion(job.id(), WAIT);
            }
            EventPage events = client.streams().events(stream.id());
            System.out.println("stream " + stream.id() + ": " + events.data().size() + " events, newest first");
            for (StreamEvent event : events.data()) {
                System.out.printf("  %-8s %-10s %s%n", event.customId(), event.statusText(),
                        shorten(event.result() == null ? "" : event.result().outputText()));
            }
            Stream archived = client.streams().archive(stream.id());
            System.out.println("stream " + archived.id() + " " + archived.statusText() + ", "
                    + archived.completedItems() + " of " + archived.totalItems() + " jobs completed");
        }
    }

    static String shorten(String text) {
        String line = text.replace('\n', ' ');
        return line.length() <= 60 ? line : line.substring(0, 57) + "...";
    }
}
