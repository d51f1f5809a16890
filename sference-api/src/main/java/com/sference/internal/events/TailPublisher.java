package com.sference.internal.events;

import com.sference.model.StreamEvent;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * Publishes one tail to one subscriber; see {@link TailSubscription} for how. A second subscriber
 * is refused with {@code onError}, since two tails would fight over one checkpoint.
 */
final class TailPublisher implements Flow.Publisher<StreamEvent> {
    private static final Flow.Subscription NOTHING = new Flow.Subscription() {
        @Override
        public void request(long n) {}

        @Override
        public void cancel() {}
    };

    private final Supplier<TailSubscription.Setup> setup;
    private final Executor executor;
    private final AtomicBoolean subscribed = new AtomicBoolean();

    TailPublisher(Supplier<TailSubscription.Setup> setup, Executor executor) {
        this.setup = setup;
        this.executor = executor;
    }

    @Override
    public void subscribe(Flow.Subscriber<? super StreamEvent> subscriber) {
        Objects.requireNonNull(subscriber, "subscriber");
        if (!subscribed.compareAndSet(false, true)) {
            subscriber.onSubscribe(NOTHING);
            subscriber.onError(new IllegalStateException(
                    "this publisher already has its subscriber; call iterate or follow again for another"));
            return;
        }
        TailSubscription subscription = new TailSubscription(subscriber, setup.get(), executor);
        subscriber.onSubscribe(subscription);
        subscription.start();
    }
}
