package com.sference.internal.jsonl;

import com.google.gson.JsonParser;
import com.sference.model.InferenceRequest;
import com.sference.model.JsonText;
import java.nio.charset.StandardCharsets;

/**
 * One request of a batch, {@code {"custom_id":ID,"body":PREFIX VALUE SUFFIX}}, as canonical JSON
 * bytes that are not copied: {@code ID} and {@code VALUE} are slices of the buffer the parser
 * wrote the line into, valid until it parses its next line.
 *
 * <p>For an OpenAI batch line {@code VALUE} is the body and the prefix and suffix are empty; for a
 * content line {@code VALUE} is the content string and they hold the rest of the chat body.
 *
 * @param customId the {@code custom_id}: a JSON string, or {@code null} as JSON
 * @param bodyPrefix what precedes {@code value} in the body
 * @param value the body, or the part of it that came from the line
 * @param bodySuffix what follows {@code value} in the body
 */
record BatchEntry(Slice customId, byte[] bodyPrefix, Slice value, byte[] bodySuffix) {
    static final byte[] NONE = new byte[0];
    private static final byte[] HEAD = ascii("{\"custom_id\":");
    private static final byte[] BODY = ascii(",\"body\":");
    private static final byte[] TAIL = ascii("}");

    /**
     * Bytes {@code start} to {@code end} of {@code buffer}.
     *
     * @param buffer the buffer
     * @param start the first byte
     * @param end after the last byte
     */
    record Slice(Utf8JsonBuffer buffer, int start, int end) {
        int length() {
            return end - start;
        }

        @Override
        public String toString() {
            return buffer.asString(start, end);
        }
    }

    /** Where {@link #writeTo(Sink)} writes an entry's parts, in order. */
    interface Sink {
        /** Writes constant bytes, which the sink must not keep. */
        void write(byte[] bytes);

        /** Writes a slice, which the sink may keep until the parser reads its next line. */
        void write(Slice slice);
    }

    /** {@return the length of the entry in bytes} */
    long length() {
        return HEAD.length + customId.length() + BODY.length + bodyPrefix.length + value.length()
                + bodySuffix.length + TAIL.length;
    }

    /** Writes the entry's parts to {@code sink}. */
    void writeTo(Sink sink) {
        sink.write(HEAD);
        sink.write(customId);
        sink.write(BODY);
        sink.write(bodyPrefix);
        sink.write(value);
        sink.write(bodySuffix);
        sink.write(TAIL);
    }

    /** Appends the entry to {@code out}. */
    void writeTo(Utf8JsonBuffer out) {
        writeTo(new Sink() {
            @Override
            public void write(byte[] bytes) {
                out.append(bytes);
            }

            @Override
            public void write(Slice slice) {
                out.append(slice.buffer(), slice.start(), slice.end());
            }
        });
    }

    /** {@return this entry as the public model, its body as compact JSON} */
    InferenceRequest toRequest() {
        String id = customId.toString();
        String body = new String(bodyPrefix, StandardCharsets.UTF_8) + value + new String(bodySuffix, StandardCharsets.UTF_8);
        return new InferenceRequest(id.equals("null") ? null : JsonParser.parseString(id).getAsString(), new JsonText(body));
    }

    static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
