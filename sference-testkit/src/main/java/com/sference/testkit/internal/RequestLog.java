package com.sference.testkit.internal;

import com.sference.testkit.RecordedRequest;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Every request received, in arrival order. Not part of the API: use
 * {@code SferenceEmulator.requests()}.
 */
public final class RequestLog {

    /** A request being recorded; its body size is known once it has been handled. */
    static final class Entry {
        private final String method;
        private final String path;
        private final Map<String, List<String>> headers;
        private volatile long bodySize;

        Entry(String method, String path, Map<String, List<String>> headers, long declaredSize) {
            this.method = method;
            this.path = path;
            this.headers = headers;
            this.bodySize = declaredSize;
        }

        void bodySize(long size) {
            this.bodySize = size;
        }

        RecordedRequest toRecord() {
            return new RecordedRequest(method, path, headers, bodySize);
        }
    }

    /** The most requests kept; older ones are forgotten so long benchmarks stay in bounds. */
    static final int CAPACITY = 100_000;

    private final ArrayDeque<Entry> entries = new ArrayDeque<>();

    synchronized Entry record(String method, String path, Map<String, List<String>> headers, long declaredSize) {
        Entry entry = new Entry(method, path, headers, declaredSize);
        if (entries.size() == CAPACITY) {
            entries.removeFirst();
        }
        entries.addLast(entry);
        return entry;
    }

    /**
     * Returns the requests recorded so far.
     *
     * @return an immutable snapshot
     */
    public List<RecordedRequest> snapshot() {
        List<Entry> copy;
        synchronized (this) {
            copy = new ArrayList<>(entries);
        }
        List<RecordedRequest> out = new ArrayList<>(copy.size());
        copy.forEach(e -> out.add(e.toRecord()));
        return List.copyOf(out);
    }

    /** Forgets every recorded request. */
    public synchronized void clear() {
        entries.clear();
    }
}
