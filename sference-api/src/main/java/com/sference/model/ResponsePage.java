package com.sference.model;

import java.util.List;

/**
 * One page of {@code GET /v1/responses}, newest first.
 *
 * @param object always {@code list}
 * @param data the responses
 * @param hasMore whether older responses exist beyond this page
 * @param unknownFields fields this SDK version does not model
 * @since 0.1
 */
public record ResponsePage(String object, List<ResponseListItem> data, boolean hasMore, UnknownFields unknownFields) {
    /**
     * Copies the list.
     *
     * @param object always {@code list}
     * @param data the responses
     * @param hasMore whether older responses exist beyond this page
     * @param unknownFields fields this SDK version does not model
     */
    public ResponsePage {
        data = data == null ? List.of() : List.copyOf(data);
        unknownFields = unknownFields == null ? UnknownFields.none() : unknownFields;
    }
}
