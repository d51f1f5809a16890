package com.sference.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.quicktheories.QuickTheory.qt;

import com.sference.SferenceClient;
import com.sference.internal.events.TailProperties;
import com.sference.internal.events.TailScenario;
import com.sference.model.EventPage;
import com.sference.model.EventQuery;
import com.sference.model.StreamEvent;
import com.sference.testkit.EmulatorOptions;
import com.sference.testkit.SferenceEmulator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The tail properties that {@code TailPropertyTest} checks against the in-memory model, here over
 * HTTP against the emulator through each transport, for fewer and smaller scenarios. Events
 * arrive while the tail runs from the consumer's own appends.
 */
@ParameterizedClass(name = "{0}")
@MethodSource("com.sference.it.Transports#names")
@Timeout(180)
class TailPropertiesOverHttpTest {
    static final int EXAMPLES = 6;

    @Parameter
    String transport;

    static SferenceEmulator emulator;
    SferenceClient client;

    @BeforeAll
    static void startEmulator() {
        emulator = SferenceEmulator.start(EmulatorOptions.builder().stepDelay(Duration.ZERO).build());
    }

    @AfterAll
    static void stopEmulator() {
        emulator.close();
    }

    @BeforeEach
    void connect() {
        client = Transports.client(emulator, transport);
    }

    @AfterEach
    void disconnect() {
        client.close();
    }

    /** Runs {@code property} on new streams, and checks that each stream's log is the one the target recorded. */
    private void check(BiConsumer<EmulatorTarget, TailScenario> property) {
        qt().withExamples(EXAMPLES).withShrinkCycles(20).forAll(TailScenario.scenarios(12, 5, 3, false))
                .checkAssert(scenario -> {
                    EmulatorTarget target = new EmulatorTarget(client);
                    property.accept(target, scenario);
                    assertEquals(target.log(), serverLog(target.streamId()), "the emulator's log");
                });
    }

    private List<String> serverLog(String streamId) {
        List<String> newestFirst = new ArrayList<>();
        EventPage page = client.streams().events(streamId, EventQuery.latest().withLimit(100));
        page.data().forEach(event -> newestFirst.add(event.completionId()));
        while (page.hasMore()) {
            page = client.streams().events(streamId, EventQuery.before(newestFirst.get(newestFirst.size() - 1)).withLimit(100));
            page.data().stream().map(StreamEvent::completionId).forEach(newestFirst::add);
        }
        Collections.reverse(newestFirst);
        return newestFirst;
    }

    @Test
    void iterationDeliversEveryEventFromItsStartInOrderOnce() {
        check((target, scenario) -> TailProperties.cursorDeliversTheLogFromItsStart(target, scenario, false));
    }

    @Test
    void followDeliversEveryEventUntilTheStreamIsArchivedAndDrained() {
        check((target, scenario) -> TailProperties.cursorDeliversTheLogFromItsStart(target, scenario, true));
    }

    @Test
    void publisherDeliversEveryEventAndNeverMoreThanRequested() {
        check((target, scenario) -> TailProperties.publisherDeliversTheLogOnDemand(target, scenario, false));
    }

    @Test
    void followingPublisherDeliversEveryEventUntilTheStreamIsArchived() {
        check((target, scenario) -> TailProperties.publisherDeliversTheLogOnDemand(target, scenario, true));
    }

    @Test
    void cursorResumedFromItsCheckpointGetsExactlyTheEventsAfterIt() {
        check((target, scenario) -> TailProperties.resumeDeliversExactlyTheEventsAfterTheCheckpoint(target, scenario, false));
    }

    @Test
    void subscriberResumedFromItsCheckpointGetsExactlyTheEventsAfterIt() {
        check((target, scenario) -> TailProperties.resumeDeliversExactlyTheEventsAfterTheCheckpoint(target, scenario, true));
    }
}
