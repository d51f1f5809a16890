package com.sference.model;

/**
 * Which responses {@code GET /v1/responses} lists.
 *
 * @param limit 1 to 100
 * @param streamId only the responses of this stream, or {@code null} for all
 * @since 0.1
 */
public record ResponseQuery(int limit, String streamId) {
    /**
     * Checks the limit.
     *
     * @throws IllegalArgumentException if it is out of range
     *
     * @param limit 1 to 100
     * @param streamId only the responses of this stream, or {@code null} for all
     */
    public ResponseQuery {
        if (limit < 1 || limit > 100) {
            throw new IllegalArgumentException("limit must be within 1..100: " + limit);
        }
    }

    /** {@return the newest 100 responses} */
    public static ResponseQuery all() {
        return new ResponseQuery(100, null);
    }

    /**
     * {@return the newest 100 responses of {@code streamId}}
     *
     * @param streamId the stream id
     */
    public static ResponseQuery ofStream(String streamId) {
        return new ResponseQuery(100, streamId);
    }

    /**
     * {@return this query with {@code limit}}
     *
     * @param limit how many responses, at most
     */
    public ResponseQuery withLimit(int limit) {
        return new ResponseQuery(limit, streamId);
    }
}
