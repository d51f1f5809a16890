package com.sference.internal.events;

import static org.quicktheories.QuickTheory.qt;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@link TailProperties} against the in-memory {@link EventLogModel}, with events arriving between
 * page requests as well as from the consumer. QuickTheories prints the seed of a failure;
 * {@code -DQT_SEED=...} replays it.
 */
class TailPropertyTest {
    static final int EXAMPLES = 1000;
    static ExecutorService executor;

    @BeforeAll
    static void startExecutor() {
        executor = Executors.newFixedThreadPool(2);
    }

    @AfterAll
    static void stopExecutor() {
        executor.shutdownNow();
    }

    private static ModelTarget target(TailScenario scenario) {
        return new ModelTarget(scenario.arrivals(), executor);
    }

    @Test
    void iterationDeliversEveryEventFromItsStartInOrderOnce() {
        qt().withExamples(EXAMPLES).forAll(TailScenario.scenarios(40, 8, 4, true))
                .checkAssert(s -> TailProperties.cursorDeliversTheLogFromItsStart(target(s), s, false));
    }

    @Test
    void followDeliversEveryEventUntilTheStreamIsArchivedAndDrained() {
        qt().withExamples(EXAMPLES).forAll(TailScenario.scenarios(40, 8, 4, true))
                .checkAssert(s -> TailProperties.cursorDeliversTheLogFromItsStart(target(s), s, true));
    }

    @Test
    void publisherDeliversEveryEventAndNeverMoreThanRequested() {
        qt().withExamples(EXAMPLES / 2).forAll(TailScenario.scenarios(40, 8, 4, true))
                .checkAssert(s -> TailProperties.publisherDeliversTheLogOnDemand(target(s), s, false));
    }

    @Test
    void followingPublisherDeliversEveryEventUntilTheStreamIsArchived() {
        qt().withExamples(EXAMPLES / 2).forAll(TailScenario.scenarios(40, 8, 4, true))
                .checkAssert(s -> TailProperties.publisherDeliversTheLogOnDemand(target(s), s, true));
    }

    @Test
    void cursorResumedFromItsCheckpointGetsExactlyTheEventsAfterIt() {
        qt().withExamples(EXAMPLES).forAll(TailScenario.scenarios(40, 8, 4, true))
                .checkAssert(s -> TailProperties.resumeDeliversExactlyTheEventsAfterTheCheckpoint(target(s), s, false));
    }

    @Test
    void subscriberResumedFromItsCheckpointGetsExactlyTheEventsAfterIt() {
        qt().withExamples(EXAMPLES / 2).forAll(TailScenario.scenarios(40, 8, 4, true))
                .checkAssert(s -> TailProperties.resumeDeliversExactlyTheEventsAfterTheCheckpoint(target(s), s, true));
    }
}
