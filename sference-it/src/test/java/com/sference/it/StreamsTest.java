package com.sference.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sference.ConflictException;
import com.sference.NotFoundException;
import com.sference.model.CreateResponseRequest;
import com.sference.model.EventPage;
import com.sference.model.EventQuery;
import com.sference.model.InputMessage;
import com.sference.model.Response;
import com.sference.model.ResponseStatus;
import com.sference.model.Stream;
import com.sference.model.StreamEvent;
import com.sference.model.StreamStatus;
import com.sference.model.WaitOptions;
import com.sference.model.Window;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

@ParameterizedClass(name = "{0}")
@MethodSource("com.sference.it.Transports#names")
class StreamsTest extends EmulatorPerClass {
    static final WaitOptions QUICK = WaitOptions.of(Duration.ofMillis(20), Duration.ofSeconds(20));

    private List<String> sendAndFinish(Stream stream, String... prompts) {
        List<String> ids = new ArrayList<>();
        for (String prompt : prompts) {
            Response created = client.responses().create(CreateResponseRequest.builder(MODEL)
                    .input(InputMessage.user(prompt)).streamId(stream.id()).customId("c-" + prompt).build());
            // One at a time, so that completion order is submission order.
            client.responses().waitForCompletion(created.id(), QUICK);
            ids.add(created.id());
        }
        return ids;
    }

    @Test
    void createsGetsAndListsStreams() {
        Stream created = client.streams().create("daily", Window.ONE_HOUR);
        assertEquals("daily", created.name());
        assertEquals("1h", created.window());
        assertEquals(StreamStatus.OPEN, created.status());
        assertEquals(created.id(), client.streams().get(created.id()).id());
        assertEquals(created.id(), client.streams().list().get(0).id(), "newest first");
        assertThrows(NotFoundException.class, () -> client.streams().get("s_missing"));
    }

    @Test
    void countsItsJobsAndTokens() {
        Stream stream = client.streams().create("counters");
        sendAndFinish(stream, "a", "b");
        Stream counted = client.streams().get(stream.id());
        assertEquals(2, counted.totalItems());
        assertEquals(2, counted.completedItems());
        assertEquals(1.0, counted.completionRatio());
        assertTrue(counted.totalTokens() > 0);
        assertNotNull(counted.latestCompletionId());
        assertNotNull(counted.lastCompletionAt());
    }

    @Test
    void pagesEventsWithBothCursors() {
        Stream stream = client.streams().create("paging");
        List<String> ids = sendAndFinish(stream, "1", "2", "3", "4", "5");

        EventPage newest = client.streams().events(stream.id(), EventQuery.latest().withLimit(2));
        assertEquals(List.of(ids.get(4), ids.get(3)), completionIds(newest));
        assertTrue(newest.hasMore() || newest.data().size() == 2);

        EventPage after = client.streams().events(stream.id(), EventQuery.after(ids.get(1)).withLimit(2));
        assertEquals(List.of(ids.get(2), ids.get(3)), completionIds(after));
        assertTrue(after.hasMore());
        EventPage last = client.streams().events(stream.id(), EventQuery.after(ids.get(3)).withLimit(2));
        assertEquals(List.of(ids.get(4)), completionIds(last));
        assertFalse(last.hasMore());

        EventPage before = client.streams().events(stream.id(), EventQuery.before(ids.get(3)).withLimit(2));
        assertEquals(List.of(ids.get(2), ids.get(1)), completionIds(before));
        assertTrue(before.hasMore());

        StreamEvent event = after.data().get(0);
        assertEquals("c-3", event.customId());
        assertEquals(ResponseStatus.COMPLETED, event.status());
        assertEquals("echo: 3", event.result().outputText());
        assertEquals(event.completionId(), event.result().id());
    }

    @Test
    void longPollWakesWhenAnEventArrives() {
        Stream stream = client.streams().create("long-poll");
        List<String> ids = sendAndFinish(stream, "first");
        CompletableFuture<EventPage> waiting = client.async().streams()
                .events(stream.id(), EventQuery.after(ids.get(0)).withWait(Duration.ofSeconds(20)));
        Response second = client.responses().create(CreateResponseRequest.builder(MODEL)
                .input(InputMessage.user("second")).streamId(stream.id()).build());
        EventPage page = waiting.join();
        assertEquals(List.of(second.id()), completionIds(page));
    }

    @Test
    void longPollEndsEmptyWhenNothingArrives() {
        Stream stream = client.streams().create("quiet");
        List<String> ids = sendAndFinish(stream, "only");
        EventPage page = client.streams().events(stream.id(), EventQuery.after(ids.get(0)).withWait(Duration.ofMillis(300)));
        assertTrue(page.data().isEmpty());
        assertFalse(page.hasMore());
    }

    @Test
    void anUnknownCursorIsNotFound() {
        Stream stream = client.streams().create("cursor");
        assertThrows(NotFoundException.class, () -> client.streams().events(stream.id(), EventQuery.after("resp_missing")));
    }

    @Test
    void cancellingCancelsItsPendingJobsAndTheyBecomeEvents() {
        Stream stream = client.streams().create("to-cancel");
        Response pending = client.responses().create(CreateResponseRequest.builder(MODEL)
                .input(InputMessage.user("never")).streamId(stream.id()).build());
        Stream cancelled = client.streams().cancel(stream.id());
        assertEquals(StreamStatus.CANCELLED, cancelled.status());
        assertNotNull(cancelled.cancelledAt());
        Response job = client.responses().get(pending.id());
        assertTrue(job.status() == ResponseStatus.CANCELLED || job.status() == ResponseStatus.COMPLETED, job.statusText());
        assertEquals(job.id(), client.streams().events(stream.id()).data().get(0).completionId());
    }

    @Test
    void followsTheAllowedStatusMoves() {
        Stream stream = client.streams().create("moves");
        assertEquals(StreamStatus.CANCELLED, client.streams().cancel(stream.id()).status());
        assertEquals(StreamStatus.CANCELLED, client.streams().cancel(stream.id()).status(), "same status again");
        Stream archived = client.streams().archive(stream.id());
        assertEquals(StreamStatus.ARCHIVED, archived.status());
        assertNotNull(archived.archivedAt());
        assertThrows(ConflictException.class, () -> client.streams().cancel(stream.id()));
    }

    private static List<String> completionIds(EventPage page) {
        return page.data().stream().map(StreamEvent::completionId).toList();
    }
}
