package com.sference.script;

import com.sference.model.Batch;
import com.sference.model.BatchResultItem;
import com.sference.model.BatchResults;
import com.sference.model.ErrorInfo;
import com.sference.model.EventPage;
import com.sference.model.ResponseListItem;
import com.sference.model.ResponsePage;
import com.sference.model.Stream;
import com.sference.model.StreamEvent;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/** How the shell prints model objects: one-line summaries and tables. */
final class Views {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT);
    private static final int[] EVENT_WIDTHS = {37, 14, 9, 6};

    private Views() {}

    static void submitted(PrintStream out, Batch batch) {
        out.println("batch " + batch.id() + ": " + count(batch.requestCount(), "request") + ", " + batch.statusText());
    }

    static void awaited(PrintStream out, Batch batch, String elapsed) {
        out.println("batch " + batch.id() + " " + batch.statusText() + " after " + elapsed + ": "
                + count(batch.requestCount(), "request") + ", " + count(batch.totalTokens(), "token"));
    }

    static void cancelled(PrintStream out, Batch batch) {
        out.println("batch " + batch.id() + ": " + batch.statusText());
    }

    static void batches(PrintStream out, List<Batch> batches) {
        out.println(count(batches.size(), "batch") + (batches.isEmpty() ? "" : ", newest first"));
        if (batches.isEmpty()) {
            return;
        }
        Table table = Table.of("id", "status", "requests", "tokens", "created");
        batches.forEach(b -> table.row(b.id(), b.statusText(), b.requestCount(), b.totalTokens(), time(b.createdAt())));
        table.print(out);
    }

    static void results(PrintStream out, BatchResults results) {
        if (!results.isReady()) {
            out.println("batch " + results.batchId() + " is " + results.status().wireValue()
                    + ": its results come once it is finished (await it first)");
            return;
        }
        List<BatchResultItem> items = results.results();
        out.println("batch " + results.batchId() + " " + results.status().wireValue() + ": " + count(items.size(), "result"));
        Table table = Table.of("custom_id", "status", "tokens", "text");
        for (BatchResultItem item : items) {
            table.row(item.customId(), item.statusText(), item.totalTokens(), item.text().orElse(error(item.error())));
        }
        table.print(out);
    }

    static void answered(PrintStream out, String text) {
        out.println(text);
    }

    static void responses(PrintStream out, ResponsePage page) {
        List<ResponseListItem> items = page.data();
        out.println(count(items.size(), "response") + (items.isEmpty() ? "" : ", newest first")
                + (page.hasMore() ? " (more on the server)" : ""));
        if (items.isEmpty()) {
            return;
        }
        Table table = Table.of("id", "model", "status", "created");
        items.forEach(r -> table.row(r.id(), r.model(), r.statusText(), time(r.createdAt())));
        table.print(out);
    }

    static void created(PrintStream out, Stream stream) {
        out.println("stream " + stream.id() + " \"" + stream.name() + "\": " + stream.statusText());
    }

    static void sent(PrintStream out, com.sference.model.Response job, String streamId) {
        out.println("sent " + job.id() + " to stream " + streamId + ": " + job.statusText());
    }

    static void streams(PrintStream out, List<Stream> streams) {
        out.println(count(streams.size(), "stream") + (streams.isEmpty() ? "" : ", newest first"));
        if (streams.isEmpty()) {
            return;
        }
        Table table = Table.of("id", "name", "status", "done", "tokens", "created");
        streams.forEach(s -> table.row(s.id(), s.name(), s.statusText(),
                (s.completedItems() + s.failedItems() + s.cancelledItems()) + "/" + s.totalItems(), s.totalTokens(),
                time(s.createdAt())));
        table.print(out);
    }

    static void events(PrintStream out, String streamId, EventPage page) {
        out.println("stream " + streamId + ": " + count(page.data().size(), "event")
                + (page.data().isEmpty() ? "" : ", newest first") + (page.hasMore() ? " (older ones on the server)" : ""));
        if (page.data().isEmpty()) {
            return;
        }
        out.println(eventHeader());
        page.data().forEach(event -> out.println(eventRow(event)));
    }

    /** {@return the header of event rows, which have fixed widths so a tail can print them as they come} */
    static String eventHeader() {
        return fixed("completion_id", "custom_id", "status", "tokens", "text");
    }

    /** {@return one event as a row under {@link #eventHeader()}} */
    static String eventRow(StreamEvent event) {
        String text = event.result() != null ? event.result().outputText() : error(event.error());
        return fixed(event.completionId(), dash(event.customId()), event.statusText(),
                event.totalTokens() == null ? "-" : String.valueOf(event.totalTokens()), Table.shorten(text, Table.MAX_CELL));
    }

    static void transports(PrintStream out, List<Transports.Found> found, String inUse) {
        if (found.isEmpty()) {
            out.println("no transport found: add com.sference:sference-transport-jdk to the class path");
            return;
        }
        Table table = Table.of("transport", "priority", "artifact", "");
        found.forEach(t -> table.row(t.name(), t.priority(), t.artifact(), t.name().equals(inUse) ? "in use" : ""));
        table.print(out);
    }

    /** {@return {@code n thing} or {@code n things}; a word ending in {@code h} takes {@code es}} */
    static String count(long n, String thing) {
        return n + " " + thing + (n == 1 ? "" : thing.endsWith("h") ? "es" : "s");
    }

    /** {@return seconds as text like {@code 1.5s}} */
    static String seconds(double seconds) {
        return String.format(Locale.ROOT, "%.1fs", seconds);
    }

    /** {@return a duration as text: {@code 200 ms} under a second, else like {@code 1.5s}} */
    static String duration(Duration duration) {
        return duration.compareTo(Duration.ofSeconds(1)) < 0 ? duration.toMillis() + " ms"
                : seconds(duration.toMillis() / 1000.0);
    }

    private static String fixed(String id, String customId, String status, String tokens, String text) {
        return Table.INDENT + Table.pad(id, EVENT_WIDTHS[0], false) + "  " + Table.pad(Table.shorten(customId, 14),
                EVENT_WIDTHS[1], false) + "  " + Table.pad(status, EVENT_WIDTHS[2], false) + "  "
                + Table.pad(tokens, EVENT_WIDTHS[3], true) + "  " + text;
    }

    private static String error(ErrorInfo error) {
        return error == null ? "" : dash(error.code()) + ": " + dash(error.message());
    }

    private static String dash(String text) {
        return text == null ? "-" : text;
    }

    private static String time(OffsetDateTime time) {
        return time == null ? null : TIME.format(time.atZoneSameInstant(ZoneId.systemDefault()));
    }

    private static String time(long unixSeconds) {
        return TIME.format(Instant.ofEpochSecond(unixSeconds).atZone(ZoneId.systemDefault()));
    }
}
