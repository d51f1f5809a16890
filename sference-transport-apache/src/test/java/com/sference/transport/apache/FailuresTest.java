package com.sference.transport.apache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sference.RequestTimeoutException;
import com.sference.TransportException;
import com.sference.transport.TransportRequest;
import java.io.EOFException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.URI;
import java.net.UnknownHostException;
import java.security.cert.CertificateException;
import java.util.concurrent.CompletionException;
import javax.net.ssl.SSLHandshakeException;
import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.client5.http.HttpHostConnectException;
import org.apache.hc.core5.http.ConnectionClosedException;
import org.apache.hc.core5.http.ProtocolException;
import org.junit.jupiter.api.Test;

/**
 * The mapping of HttpClient's failures for causes that loopback cannot produce on demand (an
 * unknown host, a certificate refused deep in a chain, a cause chain that loops); the ones it can
 * are proven over sockets by the contract suite ({@link ApacheTransportContractTest}) and in
 * {@link ApacheTransportTest}.
 */
class FailuresTest {

    private static final TransportRequest GET = TransportRequest.newBuilder("GET", URI.create("https://api.example/v1/batches")).build();
    private static final String SUFFIX = " (GET https://api.example/v1/batches)";

    @Test
    void namesTheJdksMessageThatHttpClientFoldedIntoItsConnectException() {
        TransportException e = Failures.of(GET, new HttpHostConnectException("Connect to https://api.example:443 "
                + "[api.example/192.0.2.1] failed: Connection refused"));
        assertEquals("connection failed: Connection refused" + SUFFIX, e.getMessage());
        assertTrue(e.retryable());
        assertEquals("connection failed: Connection refused" + SUFFIX,
                Failures.of(GET, new HttpHostConnectException("Connect to https://api.example:443 refused")).getMessage());
    }

    @Test
    void walksTheCauseChainForTheDeepestMessage() {
        IOException wrapped = new IOException(new ConnectException("Network is unreachable"));
        TransportException e = Failures.of(GET, new CompletionException(wrapped));
        assertEquals("connection failed: Network is unreachable" + SUFFIX, e.getMessage());
        assertSame(wrapped, e.getCause());
        assertTrue(e.retryable());
    }

    @Test
    void anUnknownHostIsARetryableConnectFailureNamingTheHost() {
        TransportException e = Failures.of(GET, new UnknownHostException("api.example"));
        assertEquals("connection failed: unknown host api.example" + SUFFIX, e.getMessage());
        assertTrue(e.retryable());
    }

    @Test
    void aRefusedCertificateIsNotRetryableAndACutHandshakeIs() {
        SSLHandshakeException refused = new SSLHandshakeException("PKIX path validation failed");
        refused.initCause(new CertificateException("certificate expired on 2020-01-01"));
        TransportException e = Failures.of(GET, refused);
        assertEquals("TLS handshake failed: certificate expired on 2020-01-01" + SUFFIX, e.getMessage());
        assertFalse(e.retryable());

        SSLHandshakeException reset = new SSLHandshakeException("Remote host terminated the handshake");
        reset.initCause(new EOFException("SSL peer shut down incorrectly"));
        assertTrue(Failures.of(GET, reset).retryable());
        assertTrue(Failures.of(GET, new SSLHandshakeException("TLS handshake failed")).retryable(), "HttpCore's end of stream");
    }

    @Test
    void timeoutsBeforeTheHeadAreRetryableRequestTimeouts() {
        RequestTimeoutException connect = assertInstanceOf(RequestTimeoutException.class,
                Failures.of(GET, new ConnectTimeoutException("Connect to api.example timed out")));
        assertEquals("connect timed out" + SUFFIX, connect.getMessage());
        assertTrue(connect.retryable());
    }

    @Test
    void aConnectionClosedOrResetBeforeTheHeadIsRetryable() {
        assertTrue(Failures.of(GET, new ConnectionClosedException()).retryable());
        TransportException reset = Failures.of(GET, new SocketException("Connection reset"));
        assertEquals("I/O error: Connection reset" + SUFFIX, reset.getMessage());
        assertTrue(reset.retryable());
    }

    @Test
    void aProtocolViolationAndAnUnknownFailureAreNotRetryable() {
        TransportException protocol = Failures.of(GET, new ProtocolException("Invalid response line"));
        assertEquals("protocol error: Invalid response line" + SUFFIX, protocol.getMessage());
        assertFalse(protocol.retryable());
        TransportException other = Failures.of(GET, new IllegalStateException());
        assertEquals("request failed: IllegalStateException" + SUFFIX, other.getMessage());
        assertFalse(other.retryable());
    }

    @Test
    void aBodySourceFailureIsNotRetryableWhateverWrapsIt() {
        IOException wrapped = new IOException("stream failed",
                new RequestBodyProducer.SourceFailure("its source failed", new IOException("disk gone")));
        TransportException e = Failures.of(GET, wrapped);
        assertEquals("request body failed: disk gone" + SUFFIX, e.getMessage());
        assertFalse(e.retryable());
    }

    @Test
    void survivesACauseChainThatLoops() {
        IOException first = new IOException((String) null);
        IOException second = new IOException((String) null);
        first.initCause(second);
        second.initCause(first);
        TransportException e = Failures.of(GET, first);
        assertEquals("I/O error: IOException" + SUFFIX, e.getMessage());
    }

    @Test
    void passesTheTransportsOwnExceptionsThrough() {
        TransportException own = new TransportException("GET", GET.uri(), "invalid request header: x-api-key", null);
        assertSame(own, Failures.of(GET, new CompletionException(own)));
    }
}
