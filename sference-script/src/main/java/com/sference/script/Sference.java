package com.sference.script;

import com.sference.SferenceClient;
import com.sference.SferenceException;
import com.sference.model.Batch;
import com.sference.model.BatchResults;
import com.sference.model.CreateResponseRequest;
import com.sference.model.EventPage;
import com.sference.model.InputMessage;
import com.sference.model.Response;
import com.sference.model.ResponsePage;
import com.sference.model.ResponseStatus;
import com.sference.model.Stream;
import com.sference.model.StreamEvent;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The sference SDK as functions for JShell and scripts: connect, submit a batch and await it, ask
 * a question, follow a stream.
 *
 * <pre>{@code
 * import static com.sference.script.Sference.*;
 *
 * connect();                                    // SFERENCE_API_KEY, or an embedded emulator
 * var batch = await(submit("workload.jsonl", "Qwen/Qwen2.5-7B-Instruct"));
 * results(batch);                               // prints a table
 * ask("Qwen/Qwen2.5-7B-Instruct", "Say hello");
 * var s = stream("nightly");
 * send(s, "Qwen/Qwen2.5-7B-Instruct", "Hello");
 * tail(s);                                      // until Ctrl-C
 * }</pre>
 *
 * <p><b>Output.</b> Every function prints what it did or found (tables of at most
 * {@value Table#MAX_ROWS} rows, cells cut to {@value Table#MAX_CELL} characters) and returns the
 * SDK's model object, so the result can be kept and used: {@code var b = submit(...)}.
 *
 * <p><b>Errors.</b> No function throws: a failure prints one line, {@code error: HTTP 404 Not
 * Found: <detail>} for an answer of the server or {@code error: <message>} otherwise, counts
 * towards {@link #errorCount()}, and the function returns {@code null}. Functions taking a batch,
 * stream or id accept {@code null} (the result of a failed call) and report it the same way.
 *
 * <p><b>Session.</b> Functions share one connection per JVM. Any function called before
 * {@code connect} connects with {@link #connect()}; connecting again closes the previous client
 * and stops an emulator the shell started. The client is the SDK's, so everything here is also
 * reachable through {@link #client()}.
 *
 * @since 0.1
 */
public final class Sference {
    private Sference() {}

    // ---- connection

    /**
     * Connects from the environment: with {@code SFERENCE_API_KEY} set, to {@code SFERENCE_BASE_URL}
     * (default {@code https://api.sference.com}); with no key, to an embedded emulator this shell
     * starts (jobs take 200 ms per step, so progress shows), saying so.
     *
     * @return the client, or {@code null} if it could not connect
     */
    public static SferenceClient connect() {
        return call(() -> session().connect());
    }

    /**
     * Connects to a server with an API key.
     *
     * @param baseUrl the server, like {@code https://api.sference.com}
     * @param apiKey the key, never printed
     * @return the client, or {@code null} if it could not connect
     */
    public static SferenceClient connect(String baseUrl, String apiKey) {
        return call(() -> session().connect(baseUrl, apiKey));
    }

    /**
     * Starts an embedded emulator (jobs take 200 ms per step) and connects to it, whatever the
     * environment says.
     *
     * @return the client, or {@code null} if the emulator could not start
     */
    public static SferenceClient local() {
        return local(Session.EMBEDDED_STEP_DELAY);
    }

    /**
     * Starts an embedded emulator whose jobs stay pending, then running, for {@code stepDelay} each,
     * and connects to it.
     *
     * @param stepDelay how long each job step takes; {@code Duration.ZERO} finishes jobs at once
     * @return the client, or {@code null} if the emulator could not start
     */
    public static SferenceClient local(Duration stepDelay) {
        return call(() -> session().local(stepDelay));
    }

    /**
     * Rebuilds the client over the transport of that name, to the same server (connecting first
     * when not connected). Another {@code connect} keeps that transport.
     *
     * @param transport a name that {@link #transports()} lists, like {@code "jdk"}
     * @return the new client, or {@code null} if there is no such transport
     */
    public static SferenceClient use(String transport) {
        return call(() -> session().use(transport));
    }

    /**
     * Lists the transports found on the class path, highest priority first, and which is in use.
     *
     * @return their names
     */
    public static List<String> transports() {
        return call(() -> {
            List<Transports.Found> found = Transports.discover();
            SferenceClient client = session().client();
            Views.transports(out(), found, client.transportName());
            return found.stream().map(Transports.Found::name).toList();
        });
    }

    /**
     * The current client, for what the functions here do not cover (connecting first when not
     * connected).
     *
     * @return the client, or {@code null} if it could not connect
     */
    public static SferenceClient client() {
        return call(() -> session().client());
    }

    /** Closes the client and stops the embedded emulator, if this shell started one. */
    public static void disconnect() {
        call(() -> {
            session().disconnect();
            return null;
        });
    }

    // ---- batches

    /**
     * Submits a JSONL workload as a batch; the file is checked first, so a bad line is reported with
     * its number and nothing is sent.
     *
     * @param path the JSONL file, relative to the working directory
     * @param model the model of lines that do not name one
     * @return the new batch, or {@code null}
     */
    public static Batch submit(String path, String model) {
        return call(() -> {
            Path file = Path.of(Session.require(path, "path"));
            Batch batch = client0().batches().submit(file, Session.require(model, "model"));
            Views.submitted(out(), batch);
            return batch;
        });
    }

    /**
     * Waits for a batch to finish, drawing a progress bar on a terminal (plain lines otherwise).
     * Ctrl-C stops waiting; the batch goes on.
     *
     * @param batch the batch
     * @return the finished batch, or {@code null}
     */
    public static Batch await(Batch batch) {
        return await(batch == null ? null : batch.id());
    }

    /**
     * Waits for a batch to finish; see {@link #await(Batch)}.
     *
     * @param batchId the batch's id
     * @return the finished batch, or {@code null}
     */
    public static Batch await(String batchId) {
        return call(() -> {
            String id = Session.require(batchId, "batch");
            SferenceClient client = client0();
            out().println("waiting for batch " + id);
            ProgressBar bar = new ProgressBar(out(), Terminal.attached());
            Batch done;
            try {
                done = Blocking.get(client.async().batches().waitForCompletion(id, session().waitOptions(), bar));
            } finally {
                bar.close();
            }
            Views.awaited(out(), done, bar.elapsed());
            return done;
        });
    }

    /**
     * Prints a batch's results: custom id, status, tokens and the start of each answer (or error).
     *
     * @param batch the batch
     * @return its results ({@code results()} is {@code null} while it runs), or {@code null}
     */
    public static BatchResults results(Batch batch) {
        return results(batch == null ? null : batch.id());
    }

    /**
     * Prints a batch's results; see {@link #results(Batch)}.
     *
     * @param batchId the batch's id
     * @return its results, or {@code null}
     */
    public static BatchResults results(String batchId) {
        return call(() -> {
            BatchResults results = client0().batches().results(Session.require(batchId, "batch"));
            Views.results(out(), results);
            return results;
        });
    }

    /**
     * Saves a finished batch's results as JSONL, replacing the file atomically.
     *
     * @param batch the batch
     * @param path the file to write, relative to the working directory
     * @return the absolute path written, or {@code null}
     */
    public static Path download(Batch batch, String path) {
        return download(batch == null ? null : batch.id(), path);
    }

    /**
     * Saves a finished batch's results as JSONL; see {@link #download(Batch, String)}.
     *
     * @param batchId the batch's id
     * @param path the file to write
     * @return the absolute path written, or {@code null}
     */
    public static Path download(String batchId, String path) {
        return call(() -> {
            String id = Session.require(batchId, "batch");
            Path file = Path.of(Session.require(path, "path")).toAbsolutePath();
            long bytes = client0().batches().downloadResults(id, file);
            out().println("wrote " + Views.count(bytes, "byte") + " of results of batch " + id + " to " + file);
            return file;
        });
    }

    /**
     * Lists the batches, newest first.
     *
     * @return the batches, or {@code null}
     */
    public static List<Batch> batches() {
        return call(() -> {
            List<Batch> batches = client0().batches().list();
            Views.batches(out(), batches);
            return batches;
        });
    }

    /**
     * Cancels a batch (a finished one stays as it is).
     *
     * @param batch the batch
     * @return the batch after cancelling, or {@code null}
     */
    public static Batch cancel(Batch batch) {
        return cancel(batch == null ? null : batch.id());
    }

    /**
     * Cancels a batch; see {@link #cancel(Batch)}.
     *
     * @param batchId the batch's id
     * @return the batch after cancelling, or {@code null}
     */
    public static Batch cancel(String batchId) {
        return call(() -> {
            Batch batch = client0().batches().cancel(Session.require(batchId, "batch"));
            Views.cancelled(out(), batch);
            return batch;
        });
    }

    // ---- responses

    /**
     * Asks one question through {@code /v1/responses}: creates the response, waits for it and
     * prints its text. A response that fails is reported as an error.
     *
     * @param model the model
     * @param prompt the user message
     * @return the answer's text, or {@code null}
     */
    public static String ask(String model, String prompt) {
        return call(() -> {
            CreateResponseRequest request = CreateResponseRequest.ask(
                    Session.require(model, "model"), Session.require(prompt, "prompt"));
            Response done = client0().responses().createAndWait(request, session().waitOptions());
            if (done.status() != ResponseStatus.COMPLETED) {
                throw new SferenceException("response " + done.id() + " " + done.statusText()
                        + (done.error() == null ? "" : ": " + done.error().code() + ": " + done.error().message()));
            }
            Views.answered(out(), done.outputText());
            return done.outputText();
        });
    }

    /**
     * Lists the responses, newest first (up to 100).
     *
     * @return the page, or {@code null}
     */
    public static ResponsePage responses() {
        return call(() -> {
            ResponsePage page = client0().responses().list();
            Views.responses(out(), page);
            return page;
        });
    }

    // ---- streams

    /**
     * Creates a stream.
     *
     * @param name its name
     * @return the stream, or {@code null}
     */
    public static Stream stream(String name) {
        return call(() -> {
            Stream stream = client0().streams().create(Session.require(name, "name"));
            Views.created(out(), stream);
            return stream;
        });
    }

    /**
     * Sends a prompt to a stream: creates a response attached to it, without waiting; its
     * completion becomes one of the stream's events.
     *
     * @param stream the stream
     * @param model the model
     * @param prompt the user message
     * @return the response, in progress, or {@code null}
     */
    public static Response send(Stream stream, String model, String prompt) {
        return send(stream == null ? null : stream.id(), model, prompt);
    }

    /**
     * Sends a prompt to a stream; see {@link #send(Stream, String, String)}.
     *
     * @param streamId the stream's id
     * @param model the model
     * @param prompt the user message
     * @return the response, in progress, or {@code null}
     */
    public static Response send(String streamId, String model, String prompt) {
        return call(() -> {
            String id = Session.require(streamId, "stream");
            Response job = client0().responses().create(CreateResponseRequest.builder(Session.require(model, "model"))
                    .input(InputMessage.user(Session.require(prompt, "prompt"))).streamId(id).build());
            Views.sent(out(), job, id);
            return job;
        });
    }

    /**
     * Prints a stream's newest events (one page of up to 20), newest first.
     *
     * @param stream the stream
     * @return the page, or {@code null}
     */
    public static EventPage events(Stream stream) {
        return events(stream == null ? null : stream.id());
    }

    /**
     * Prints a stream's newest events; see {@link #events(Stream)}.
     *
     * @param streamId the stream's id
     * @return the page, or {@code null}
     */
    public static EventPage events(String streamId) {
        return call(() -> {
            String id = Session.require(streamId, "stream");
            EventPage page = client0().streams().events(id);
            Views.events(out(), id, page);
            return page;
        });
    }

    /**
     * Follows a stream's events and prints each as it comes, until Ctrl-C or until the stream is
     * no longer open and every job of it has its event. It starts after this shell's checkpoint of
     * the stream (the last event a tail handed over), or with the newest page of events when
     * there is none, and moves the checkpoint after each event: a second tail repeats nothing.
     *
     * @param stream the stream
     * @return how many events it handed over
     */
    public static long tail(Stream stream) {
        return tail(stream, null, null);
    }

    /**
     * Follows a stream's events as {@link #tail(Stream)} does, and also stops after {@code idle}
     * without a new event: the way to tail in a script.
     *
     * @param stream the stream
     * @param idle how long to wait for the next event before stopping
     * @return how many events it handed over
     */
    public static long tail(Stream stream, Duration idle) {
        return tail(stream, idle, null);
    }

    /**
     * Follows a stream's events as {@link #tail(Stream)} does, handing each to {@code consumer}
     * instead of printing it; the checkpoint moves once the consumer returns.
     *
     * @param stream the stream
     * @param consumer takes each event
     * @return how many events it handed over
     */
    public static long tail(Stream stream, Consumer<StreamEvent> consumer) {
        return tail(stream, null, consumer);
    }

    /**
     * Follows a stream's events, handing each to {@code consumer}, until Ctrl-C, the stream is
     * closed and drained, or {@code idle} passes without an event.
     *
     * @param stream the stream
     * @param idle how long to wait for the next event before stopping; {@code null} waits forever
     * @param consumer takes each event; {@code null} prints it
     * @return how many events it handed over
     */
    public static long tail(Stream stream, Duration idle, Consumer<StreamEvent> consumer) {
        return tail(stream == null ? null : stream.id(), idle, consumer);
    }

    /**
     * Follows a stream's events; see {@link #tail(Stream)}.
     *
     * @param streamId the stream's id
     * @return how many events it handed over
     */
    public static long tail(String streamId) {
        return tail(streamId, null, null);
    }

    /**
     * Follows a stream's events until {@code idle} passes without one; see {@link #tail(Stream, Duration)}.
     *
     * @param streamId the stream's id
     * @param idle how long to wait for the next event before stopping
     * @return how many events it handed over
     */
    public static long tail(String streamId, Duration idle) {
        return tail(streamId, idle, null);
    }

    /**
     * Follows a stream's events, handing each to {@code consumer}; see {@link #tail(Stream, Consumer)}.
     *
     * @param streamId the stream's id
     * @param consumer takes each event
     * @return how many events it handed over
     */
    public static long tail(String streamId, Consumer<StreamEvent> consumer) {
        return tail(streamId, null, consumer);
    }

    /**
     * Follows a stream's events; see {@link #tail(Stream, Duration, Consumer)}.
     *
     * @param streamId the stream's id
     * @param idle how long to wait for the next event before stopping; {@code null} waits forever
     * @param consumer takes each event; {@code null} prints it
     * @return how many events it handed over
     */
    public static long tail(String streamId, Duration idle, Consumer<StreamEvent> consumer) {
        Tailer tailer;
        try {
            tailer = new Tailer(client0(), session().checkpoints(), out());
        } catch (RuntimeException e) {
            session().failed(e);
            return 0;
        }
        Long delivered = call(() -> tailer.tail(Session.require(streamId, "stream"), idle, consumer));
        return delivered != null ? delivered : tailer.delivered();
    }

    /**
     * Lists the streams, newest first.
     *
     * @return the streams, or {@code null}
     */
    public static List<Stream> streams() {
        return call(() -> {
            List<Stream> streams = client0().streams().list();
            Views.streams(out(), streams);
            return streams;
        });
    }

    // ---- the shell

    /**
     * How many errors the functions have printed in this JVM; {@code bin/sference-shell} exits
     * with status 1 after its scripts when there were any.
     *
     * @return the count
     */
    public static int errorCount() {
        return session().errorCount();
    }

    /** Prints every function with one line each, and how output and errors work. */
    public static void help() {
        Help.print(out());
    }

    private static Session session() {
        return Session.current();
    }

    private static SferenceClient client0() {
        return session().client();
    }

    private static PrintStream out() {
        return session().out();
    }

    /** Runs one function: a failure prints one line, counts, and gives {@code null}. */
    private static <T> T call(Supplier<T> function) {
        try {
            return function.get();
        } catch (RuntimeException e) {
            session().failed(e);
            return null;
        }
    }
}
