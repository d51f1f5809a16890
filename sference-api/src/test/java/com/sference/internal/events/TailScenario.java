package com.sference.internal.events;

import com.sference.TailOptions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * One generated situation for {@link TailProperties}: a log of {@code initial} events, a page size,
 * where the tail starts, how it commits, events the consumer appends as it goes (and, for the
 * model, events that arrive between page requests), where a first run stops, and the demand a
 * subscriber signals.
 *
 * @param initial events in the log before the tail starts
 * @param pageSize the tail's page size
 * @param start where the tail starts
 * @param startIndex the event a {@link Start#CURSOR} or {@link Start#CHECKPOINT} start names
 * @param commit the commit mode
 * @param appends events the consumer appends after taking a given number of events, in order
 * @param arrivals events the model appends before its 2nd, 3rd, ... page request
 * @param stopAfter the events a first run receives before it stops, at least 1
 * @param demand the sizes of a subscriber's successive {@code request(n)} calls, used in turn
 * @param pendingAtArchive jobs of a followed stream that complete after it is archived
 */
public record TailScenario(int initial, int pageSize, Start start, int startIndex, TailOptions.Commit commit,
        List<Append> appends, List<Integer> arrivals, int stopAfter, List<Long> demand, int pendingAtArchive) {

    /** Where a tail starts. */
    public enum Start {
        /** No cursor nor checkpoint, origin {@link TailOptions.Origin#NEWEST_PAGE}. */
        NEWEST_PAGE,
        /** No cursor nor checkpoint, origin {@link TailOptions.Origin#EARLIEST}. */
        EARLIEST,
        /** {@code startingAfter} the event at {@code startIndex}. */
        CURSOR,
        /** A saved checkpoint at the event at {@code startIndex}. */
        CHECKPOINT
    }

    /**
     * Events the consumer appends.
     *
     * @param afterTaking how many events the consumer has taken when it appends, at least 1
     * @param count how many it appends
     */
    public record Append(int afterTaking, int count) {}

    /**
     * {@return scenarios of at most {@code maxInitial} initial events and {@code maxAppends} appends}
     *
     * @param withArrivals whether events also arrive between page requests (only the model can do that)
     */
    public static Gen<TailScenario> scenarios(int maxInitial, int maxPageSize, int maxAppends, boolean withArrivals) {
        Gen<Integer> initials = Generate.range(0, maxInitial);
        Gen<Integer> pageSizes = Generate.range(1, maxPageSize);
        Gen<Start> starts = Generate.enumValues(Start.class);
        Gen<TailOptions.Commit> commits = Generate.enumValues(TailOptions.Commit.class);
        Gen<Append> appendGen = Generate.range(1, maxInitial + 4).zip(Generate.range(1, 4), Append::new);
        Gen<List<Append>> appendLists = Generate.range(0, maxAppends).flatMap(n -> listOf(appendGen, n)).map(list -> {
            List<Append> sorted = new ArrayList<>(list);
            sorted.sort(Comparator.comparingInt(Append::afterTaking));
            return List.copyOf(sorted);
        });
        Gen<List<Integer>> arrivalLists = withArrivals
                ? Generate.range(0, 6).flatMap(n -> listOf(Generate.range(0, 3), n))
                : Generate.constant(List.of());
        Gen<List<Long>> demands = Generate.range(1, 4).flatMap(n -> listOf(
                Generate.frequency(List.of(
                        org.quicktheories.api.Pair.of(6, Generate.longRange(1, 4)),
                        org.quicktheories.api.Pair.of(1, Generate.constant(Long.MAX_VALUE)))), n));
        return random -> {
            int initial = initials.generate(random);
            Start start = starts.generate(random);
            if (initial == 0 && (start == Start.CURSOR || start == Start.CHECKPOINT)) {
                start = Start.EARLIEST;
            }
            int startIndex = initial == 0 ? 0 : Generate.range(0, initial - 1).generate(random);
            return new TailScenario(initial, pageSizes.generate(random), start, startIndex, commits.generate(random),
                    appendLists.generate(random), arrivalLists.generate(random),
                    Generate.range(1, maxInitial + 4).generate(random), demands.generate(random),
                    Generate.range(0, 3).generate(random));
        };
    }

    private static <T> Gen<List<T>> listOf(Gen<T> element, int size) {
        return random -> {
            List<T> list = new ArrayList<>(size);
            for (int i = 0; i < size; i++) {
                list.add(element.generate(random));
            }
            return List.copyOf(list);
        };
    }

    /** {@return the options of a tail in this scenario, keeping checkpoints in {@code store}} */
    TailOptions options(TailTarget target, com.sference.CheckpointStore store) {
        TailOptions.Builder builder = TailOptions.builder().consumer("properties").checkpoints(store).pageSize(pageSize)
                .commit(commit).longPollWait(target.longPollWait());
        if (start == Start.EARLIEST) {
            builder.origin(TailOptions.Origin.EARLIEST);
        }
        if (start == Start.CURSOR) {
            builder.startingAfter(target.log().get(startIndex));
        }
        return builder.build();
    }

    /** {@return the index in the log of the first event a tail in this scenario delivers} */
    int firstIndex() {
        return switch (start) {
            case NEWEST_PAGE -> Math.max(0, initial - pageSize);
            case EARLIEST -> 0;
            case CURSOR, CHECKPOINT -> startIndex + 1;
        };
    }
}
