package com.sference.transport.jdk;

import com.sference.transport.RequestBody;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.nio.ByteBuffer;
import java.util.Objects;
import java.util.concurrent.Flow;

/**
 * A request body as the JDK client takes it: the bytes of {@link RequestBody#openStream()}
 * through {@link BodyPublishers#ofInputStream}, with {@code Content-Length} when the length is
 * known and chunked otherwise, telling a {@link Progress} how the upload goes. The client asks
 * for the next buffer only when the connection has taken the last ones, so a server that stops
 * reading shows as demand that stops. A source that fails, or that ends before or runs past its
 * declared length, is reported as such: that failure is the caller's, not the network's.
 */
final class UploadPublisher implements BodyPublisher {

    /** What an exchange learns about its upload; called from the client's threads. */
    interface Progress {
        /** The client started writing the body (again, if it resends it). */
        void started();

        /** The client asked for {@code n} more buffers: the connection took what it had. */
        void demanded(long n);

        /** A buffer went to the client. */
        void sent();

        /** The whole body went to the client. */
        void finished();

        /** The body's source failed with {@code failure}. */
        void sourceFailed(IOException failure);
    }

    private final RequestBody body;
    private final Progress progress;

    UploadPublisher(RequestBody body, Progress progress) {
        this.body = Objects.requireNonNull(body, "body");
        this.progress = Objects.requireNonNull(progress, "progress");
    }

    @Override
    public long contentLength() {
        return body.contentLength().orElse(-1);
    }

    @Override
    public void subscribe(Flow.Subscriber<? super ByteBuffer> subscriber) {
        progress.started();
        InputStream source;
        try {
            source = new SourceStream(body.openStream(), contentLength());
        } catch (IOException | RuntimeException e) {
            IOException failure = e instanceof IOException ? (IOException) e : new IOException(e.getMessage(), e);
            progress.sourceFailed(failure);
            subscriber.onSubscribe(new Flow.Subscription() {
                @Override
                public void request(long n) {}

                @Override
                public void cancel() {}
            });
            subscriber.onError(failure);
            return;
        }
        BodyPublishers.ofInputStream(() -> source).subscribe(new Watching(subscriber, source));
    }

    /**
     * Passes everything on to the client's subscriber, reporting demand and buffers, and closes
     * the source when the client gives up on the body (the JDK closes it only at its end).
     */
    private final class Watching implements Flow.Subscriber<ByteBuffer> {
        private final Flow.Subscriber<? super ByteBuffer> client;
        private final InputStream source;

        Watching(Flow.Subscriber<? super ByteBuffer> client, InputStream source) {
            this.client = client;
            this.source = source;
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            client.onSubscribe(new Flow.Subscription() {
                @Override
                public void request(long n) {
                    progress.demanded(n); // first: the publisher may deliver within request()
                    subscription.request(n);
                }

                @Override
                public void cancel() {
                    subscription.cancel();
                    try {
                        source.close();
                    } catch (IOException | RuntimeException e) {
                        // the upload is abandoned; a source that fails to close leaves nothing to do
                    }
                }
            });
        }

        @Override
        public void onNext(ByteBuffer item) {
            progress.sent();
            client.onNext(item);
        }

        @Override
        public void onError(Throwable error) {
            client.onError(error);
        }

        @Override
        public void onComplete() {
            progress.finished();
            client.onComplete();
        }
    }

    /** The source's bytes, held to the declared length; its failures are reported as the source's. */
    private final class SourceStream extends InputStream {
        private final InputStream in;
        private final long declared;
        private long count;

        SourceStream(InputStream in, long declared) {
            this.in = Objects.requireNonNull(in, "the body source opened null");
            this.declared = declared;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n;
            try {
                n = in.read(b, off, len);
            } catch (IOException | RuntimeException e) {
                throw failed(e instanceof IOException ? (IOException) e : new IOException(e.getMessage(), e));
            }
            if (n < 0) {
                if (declared >= 0 && count < declared) {
                    throw failed(new IOException("the request body ended after " + count + " of its " + declared + " bytes"));
                }
                return -1;
            }
            count += n;
            if (declared >= 0 && count > declared) {
                throw failed(new IOException("the request body is longer than its declared " + declared + " bytes"));
            }
            return n;
        }

        @Override
        public void close() throws IOException {
            in.close();
        }

        private IOException failed(IOException failure) {
            progress.sourceFailed(failure);
            return failure;
        }
    }
}
