package com.sference.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sference.ConflictException;
import com.sference.NotFoundException;
import com.sference.UnprocessableEntityException;
import com.sference.model.CreateResponseRequest;
import com.sference.model.InputMessage;
import com.sference.model.Response;
import com.sference.model.ResponseListItem;
import com.sference.model.ResponsePage;
import com.sference.model.ResponseQuery;
import com.sference.model.ResponseStatus;
import com.sference.model.Stream;
import com.sference.model.WaitOptions;
import com.sference.model.Window;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

@ParameterizedClass(name = "{0}")
@MethodSource("com.sference.it.Transports#names")
class ResponsesTest extends EmulatorPerClass {
    static final WaitOptions QUICK = WaitOptions.of(Duration.ofMillis(20), Duration.ofSeconds(20));

    @Test
    void createsWithEveryFieldAndWaitsForTheEcho() {
        CreateResponseRequest request = CreateResponseRequest.builder(MODEL)
                .input(InputMessage.system("be brief"), InputMessage.user("What is 2+2?"))
                .instructions("answer in one word")
                .maxOutputTokens(32)
                .temperature(0.7)
                .topP(0.9)
                .completionWindow(Window.ONE_HOUR)
                .customId("q-1")
                .background(true)
                .build();
        Response created = client.responses().create(request);
        assertEquals(ResponseStatus.IN_PROGRESS, created.status());
        assertEquals(MODEL, created.model());
        assertTrue(created.output().isEmpty());
        assertTrue(Math.abs(created.createdAt() - Instant.now().getEpochSecond()) < 60);

        Response done = client.responses().waitForCompletion(created.id(), QUICK);
        assertEquals(ResponseStatus.COMPLETED, done.status());
        assertEquals("echo: What is 2+2?", done.outputText());
        assertEquals(done.usage().inputTokens() + done.usage().outputTokens(), done.usage().totalTokens());
        assertEquals(done, client.responses().get(created.id()));
    }

    @Test
    void createAndWaitReturnsTheFinishedResponse() {
        Response done = client.responses().createAndWait(CreateResponseRequest.ask(MODEL, "ping"), QUICK);
        assertTrue(done.isTerminal());
        assertEquals("echo: ping", done.outputText());
    }

    @Test
    void aFailingModelEndsFailedWithItsError() {
        Response done = client.responses().createAndWait(CreateResponseRequest.ask("sference/fail", "x"), QUICK);
        assertEquals(ResponseStatus.FAILED, done.status());
        assertEquals("model_error", done.error().code());
    }

    @Test
    void cancelsAJobInProgress() {
        Response created = client.responses().create(CreateResponseRequest.ask(MODEL, "cancel me"));
        Response cancelled = client.responses().cancel(created.id());
        assertTrue(cancelled.status() == ResponseStatus.CANCELLED || cancelled.status() == ResponseStatus.COMPLETED,
                "the job may have finished first: " + cancelled.status());
        assertEquals(cancelled.status(), client.responses().get(created.id()).status());
    }

    @Test
    void listsNewestFirstWithLimitAndStreamFilter() {
        Stream stream = client.streams().create("responses-list");
        Response first = client.responses().create(CreateResponseRequest.builder(MODEL)
                .input(InputMessage.user("one")).streamId(stream.id()).build());
        Response second = client.responses().create(CreateResponseRequest.builder(MODEL)
                .input(InputMessage.user("two")).streamId(stream.id()).build());
        client.responses().create(CreateResponseRequest.ask(MODEL, "not in the stream"));

        ResponsePage ofStream = client.responses().list(ResponseQuery.ofStream(stream.id()));
        assertEquals(List.of(second.id(), first.id()), ofStream.data().stream().map(ResponseListItem::id).toList());
        assertFalse(ofStream.hasMore());

        ResponsePage one = client.responses().list(ResponseQuery.ofStream(stream.id()).withLimit(1));
        assertEquals(List.of(second.id()), one.data().stream().map(ResponseListItem::id).toList());
        assertTrue(one.hasMore());
        assertEquals("response", one.data().get(0).object());
        assertTrue(client.responses().list().data().size() >= 3);
    }

    @Test
    void serverValidationErrorsAreUnprocessableWithTheirLocation() {
        UnprocessableEntityException e = assertThrows(UnprocessableEntityException.class, () -> client.responses()
                .create(CreateResponseRequest.builder(MODEL).input(InputMessage.user("x"))
                        .metadata("completion_window", "2h").build()));
        assertEquals(422, e.status());
        assertTrue(e.detail().contains("completion_window"), e.detail());
    }

    @Test
    void anUnknownStreamIsNotFoundAndAClosedOneIsAConflict() {
        assertThrows(NotFoundException.class, () -> client.responses().create(CreateResponseRequest.builder(MODEL)
                .input(InputMessage.user("x")).streamId("s_missing").build()));
        Stream stream = client.streams().create("closed");
        client.streams().archive(stream.id());
        assertThrows(ConflictException.class, () -> client.responses().create(CreateResponseRequest.builder(MODEL)
                .input(InputMessage.user("x")).streamId(stream.id()).build()));
        assertThrows(NotFoundException.class, () -> client.responses().get("resp_missing"));
        assertThrows(NotFoundException.class, () -> client.responses().list(ResponseQuery.ofStream("s_missing")));
    }
}
