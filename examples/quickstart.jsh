// The sference SDK in JShell: a batch, a response and a stream.
//
//   bin/sference-shell examples/quickstart.jsh
//
// With SFERENCE_API_KEY (and SFERENCE_BASE_URL) set it talks to that server; otherwise connect()
// starts an embedded emulator. bin/sference-shell imports the functions of
// com.sference.script.Sference (help() lists them) and the SDK's model types.

connect();
String model = "Qwen/Qwen2.5-7B-Instruct";
// examples/workload.jsonl of this checkout, from whatever directory the shell was started in.
String workload = Path.of(System.getProperty("sference.home", "."), "examples", "workload.jsonl").toString();

// 1. A batch: submit a JSONL file (both line formats), wait with progress, print the results.
System.out.println("\n== batch");
Batch batch = await(submit(workload, model));
BatchResults results = results(batch);

// 2. One question through /v1/responses: created, awaited, answered.
System.out.println("\n== response");
String answer = ask(model, "What is the capital of France?");

// 3. A stream: several prompts under one id, followed as events from a checkpoint.
System.out.println("\n== stream");
Stream stream = stream("quickstart");
for (String prompt : List.of("first prompt", "second prompt", "third prompt")) {
    send(stream, model, prompt);
}
long tailed = tail(stream, Duration.ofSeconds(3));    // prints each event as it completes
long again = tail(stream, Duration.ofSeconds(1));     // resumes at the checkpoint: nothing repeated

System.out.println("\n== summary");
System.out.printf("batch %s: %s, %d results, %d tokens%n", batch.id(), batch.statusText(),
        results.results().size(), batch.totalTokens());
System.out.printf("response: %s%n", answer);
System.out.printf("stream %s: %d events tailed, %d more on resuming%n", stream.id(), tailed, again);
