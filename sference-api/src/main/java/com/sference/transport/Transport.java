package com.sference.transport;

import com.sference.SferenceException;
import com.sference.TransportException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * Sends one HTTP request and hands back the response with its body still unread.
 *
 * <p>Implementations are thread-safe and asynchronous: {@link #send} returns as soon as the request
 * is handed to the underlying client, and its future completes when the response headers have
 * arrived. The body is read later, from {@link TransportResponse#body()}. A failure to connect,
 * to write or to receive completes the future with a {@link com.sference.TransportException}
 * (or its subclass {@link com.sference.RequestTimeoutException}); an HTTP error status is not a
 * failure here, it is a response.
 *
 * <p>Timeouts. {@link TransportRequest#timeout()} bounds the wait for the response head once the
 * request is sent; {@link TransportRequest#readTimeout()} bounds every silence after that: a
 * reader of {@link TransportResponse#body()} that waits longer than it for the next byte gets an
 * {@link java.io.IOException} (an {@link java.io.InterruptedIOException} is the usual one), and a
 * request body that the server stops taking for longer than it fails the future with a
 * {@link com.sference.RequestTimeoutException}.
 *
 * <p>Retries. A transport says whether a failure may be retried through
 * {@link com.sference.TransportException#retryable()}: a refused connection, a reset before any
 * response byte, and a timeout before the head may; a header value the rules refuse, a body
 * source that fails, an invalid URI and a certificate the client does not trust may not. A
 * transport never retries by itself.
 *
 * <p>Cancelling the returned future, with {@code cancel(true)} or {@code cancel(false)}, aborts the
 * exchange and releases its connection, and a response that arrives all the same is closed. The
 * SDK cancels exactly the future that {@link #send} returned, never one derived from it.
 *
 * <p>After {@link #close()}, {@link #send} fails with a {@link com.sference.TransportException};
 * it never throws.
 *
 * <p>A request header value must be printable ASCII (spaces and tabs allowed): a transport fails
 * any other with a {@link com.sference.TransportException} naming the header but not its value,
 * and sends nothing, rather than let its library re-encode or cut it. The body alone decides the
 * framing ({@code Content-Length} or chunked) and the {@code Content-Type}. Every transport runs
 * {@code com.sference.testkit.tck.TransportContractTest}, the suite that checks this contract.
 *
 * @since 0.1
 */
public interface Transport extends AutoCloseable {

    /**
     * Starts sending {@code request}.
     *
     * @param request the request to send
     * @return a future of the response, whose body the caller must close
     */
    CompletableFuture<TransportResponse> send(TransportRequest request);

    /**
     * Sends {@code request} and waits for its response headers.
     *
     * <p>The wait is interruptible. The default implementation waits for the future of
     * {@link #send}; if the thread is interrupted, it cancels that future (aborting the
     * exchange), closes a response that arrived all the same, sets the interrupt flag again and
     * throws a {@link TransportException}.
     *
     * @param request the request to send
     * @return the response, whose body the caller must close
     * @throws TransportException if the exchange failed, or the thread was interrupted while
     *     waiting
     */
    default TransportResponse execute(TransportRequest request) {
        CompletableFuture<TransportResponse> future = send(request);
        try {
            return future.get();
        } catch (InterruptedException e) {
            if (!future.cancel(true)) {
                future.thenAccept(TransportResponse::close); // arrived meanwhile: nobody else will close it
            }
            Thread.currentThread().interrupt();
            throw new TransportException(request.method(), request.uri(), "interrupted while waiting for the response", e);
        } catch (ExecutionException e) {
            throw SferenceException.unwrap(e);
        }
    }

    /** {@return the name of this transport, as its provider reports it (for example {@code jdk})} */
    String name();

    /**
     * Releases what this transport owns, within a few seconds whatever is in flight: exchanges
     * still open fail. A native client that the user supplied through
     * {@link TransportConfig#nativeClient()} is not closed.
     */
    @Override
    void close();
}
