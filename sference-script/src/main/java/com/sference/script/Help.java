package com.sference.script;

import java.io.PrintStream;
import java.util.List;

/** The text of {@code help()}: every function of {@link Sference} with one line each. */
final class Help {
    /** A function and what it does. */
    record Entry(String signature, String description) {}

    static final List<Entry> FUNCTIONS = List.of(
            new Entry("connect()", "SFERENCE_API_KEY/SFERENCE_BASE_URL, or an embedded emulator when no key is set"),
            new Entry("connect(baseUrl, apiKey)", "a server and key"),
            new Entry("local() / local(stepDelay)", "start an embedded emulator (200 ms per job step) and use it"),
            new Entry("use(transport)", "rebuild the client over another transport (\"jdk\", ...)"),
            new Entry("transports()", "list the transports found; returns their names"),
            new Entry("client()", "the SferenceClient itself, for everything else"),
            new Entry("disconnect()", "close the client and stop the embedded emulator"),
            new Entry("submit(path, model)", "submit a JSONL workload as a batch"),
            new Entry("await(batch)", "wait for a batch, with progress; returns the finished batch"),
            new Entry("results(batch)", "the batch's results as a table"),
            new Entry("download(batch, path)", "save the results as JSONL; returns the path"),
            new Entry("batches()", "list batches, newest first"),
            new Entry("cancel(batch)", "cancel a batch"),
            new Entry("ask(model, prompt)", "create a response, wait, return its text"),
            new Entry("responses()", "list responses, newest first"),
            new Entry("stream(name)", "create a stream"),
            new Entry("send(stream, model, prompt)", "create a response attached to the stream"),
            new Entry("events(stream)", "the stream's newest events"),
            new Entry("tail(stream[, idle][, consumer])", "follow events from the checkpoint; Ctrl-C or idle stops"),
            new Entry("streams()", "list streams, newest first"),
            new Entry("errorCount()", "errors printed so far (bin/sference-shell's exit status)"),
            new Entry("help()", "this list"));

    private Help() {}

    static void print(PrintStream out) {
        out.println("sference shell functions (import static com.sference.script.Sference.*):");
        int width = FUNCTIONS.stream().mapToInt(e -> e.signature().length()).max().orElse(0);
        for (Entry entry : FUNCTIONS) {
            out.println(Table.INDENT + Table.pad(entry.signature(), width, false) + "  " + entry.description());
        }
        out.println("A batch or stream argument is the object a function returned, or its id as a String.");
        out.println("Every function prints its result (tables keep to 40 rows, cells to 48 characters) and returns");
        out.println("the SDK's model object; JShell then echoes it: assign it (var b = ...) or /set feedback concise.");
        out.println("Failures print one \"error: ...\" line and return null (tail returns the events it handed over).");
    }
}
