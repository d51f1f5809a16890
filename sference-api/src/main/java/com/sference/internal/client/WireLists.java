package com.sference.internal.client;

import com.sference.model.Batch;
import com.sference.model.Stream;
import java.util.List;

/** The list envelopes of the wire format that callers see as plain lists. */
final class WireLists {
    private WireLists() {}

    /** {@code {"items": [Batch, ...]}}. */
    record BatchList(List<Batch> items) {
        BatchList {
            items = items == null ? List.of() : List.copyOf(items);
        }
    }

    /** {@code {"items": [Stream, ...]}}. */
    record StreamList(List<Stream> items) {
        StreamList {
            items = items == null ? List.of() : List.copyOf(items);
        }
    }
}
