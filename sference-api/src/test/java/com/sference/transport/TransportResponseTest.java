package com.sference.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class TransportResponseTest {
    @Test
    void lowerCasesHeaderNamesAndMergesTheirValuesInOrder() {
        Map<String, List<String>> raw = new LinkedHashMap<>();
        raw.put("Set-Cookie", List.of("a=1"));
        raw.put("set-cookie", List.of("b=2"));
        raw.put("Content-Type", List.of("application/json"));
        TransportResponse response = TransportResponse.of(200, raw, new ByteArrayInputStream(new byte[0]));
        assertEquals(Map.of("set-cookie", List.of("a=1", "b=2"), "content-type", List.of("application/json")),
                response.headers());
        assertEquals("application/json", response.header("Content-Type").orElseThrow());
        assertThrows(UnsupportedOperationException.class, () -> response.headers().put("x", List.of()));
        assertEquals(200, response.status());
    }

    @Test
    void closingClosesTheBodyAndNeverThrows() {
        AtomicBoolean closed = new AtomicBoolean();
        InputStream body = new InputStream() {
            @Override
            public int read() {
                return -1;
            }

            @Override
            public void close() throws IOException {
                closed.set(true);
                throw new IOException("connection already gone");
            }
        };
        TransportResponse.of(204, Map.of(), body).close();
        assertTrue(closed.get());
    }
}
