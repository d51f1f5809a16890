package com.sference.testkit.internal;

import java.util.List;

/** A batch: a fixed list of chat-completion requests, answered all at once when it finishes. */
final class BatchJob extends Job {

    /**
     * One request of a batch with its (already decided) outcome.
     *
     * @param customId the caller's id, or null
     * @param model the requested model
     * @param completion what the echo model answers
     */
    record Item(String customId, String model, EchoModel.Completion completion) {
    }

    private final List<Item> items;
    private final long promptTokens;
    private final long completionTokens;

    BatchJob(String id, long createdNanos, long stepNanos, List<Item> items) {
        super(id, createdNanos, stepNanos);
        this.items = List.copyOf(items);
        long prompt = 0;
        long completion = 0;
        for (Item item : this.items) {
            prompt += item.completion().promptTokens();
            completion += item.completion().completionTokens();
        }
        this.promptTokens = prompt;
        this.completionTokens = completion;
    }

    List<Item> items() {
        return items;
    }

    @Override
    Phase outcome() {
        return items.stream().allMatch(i -> i.completion().failed()) ? Phase.FAILED : Phase.COMPLETED;
    }

    /** Prompt tokens of the answered items; 0 until the batch finished, and when cancelled. */
    long promptTokens(long now) {
        return counts(now) ? promptTokens : 0;
    }

    /** Completion tokens of the answered items; 0 until the batch finished, and when cancelled. */
    long completionTokens(long now) {
        return counts(now) ? completionTokens : 0;
    }

    private boolean counts(long now) {
        Phase phase = phase(now);
        return phase == Phase.COMPLETED || phase == Phase.FAILED;
    }
}
