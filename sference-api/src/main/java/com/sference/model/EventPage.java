package com.sference.model;

import java.util.List;

/**
 * One page of a stream's events. Without a cursor, and with {@code ending_before}, the page is
 * newest first; with {@code starting_after} it is oldest first.
 *
 * @param object always {@code list}
 * @param data the events
 * @param hasMore whether more events lie beyond this page in its direction
 * @param unknownFields fields this SDK version does not model
 * @since 0.1
 */
public record EventPage(String object, List<StreamEvent> data, boolean hasMore, UnknownFields unknownFields) {
    /**
     * Copies the list.
     *
     * @param object always {@code list}
     * @param data the events
     * @param hasMore whether more events lie beyond this page in its direction
     * @param unknownFields fields this SDK version does not model
     */
    public EventPage {
        data = data == null ? List.of() : List.copyOf(data);
        unknownFields = unknownFields == null ? UnknownFields.none() : unknownFields;
    }
}
