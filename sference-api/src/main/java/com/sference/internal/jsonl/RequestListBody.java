package com.sference.internal.jsonl;

import com.sference.JsonlException;
import com.sference.model.InferenceRequest;
import com.sference.transport.RequestBody;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;

/**
 * The body of {@code POST /v1/batches} for requests held in memory, built at once: each body goes
 * through {@link StrictJsonReader} as a workload line would, and is written in the same canonical
 * form, so a list and a file with the same requests make the same bytes.
 */
final class RequestListBody {
    private RequestListBody() {
    }

    /**
     * {@return the batch body of {@code requests}}
     *
     * @throws IllegalArgumentException if {@code requests} is empty or a body is not strict JSON
     */
    static RequestBody of(List<InferenceRequest> requests) {
        Objects.requireNonNull(requests, "requests");
        if (requests.isEmpty()) {
            throw new IllegalArgumentException("a batch needs at least one request");
        }
        Utf8JsonBuffer out = new Utf8JsonBuffer((int) Math.min(256L * requests.size(), 1 << 20));
        Utf8JsonBuffer values = new Utf8JsonBuffer(1024);
        StrictJsonReader json = new StrictJsonReader();
        out.ascii(BatchBodyStream.PREFIX);
        for (int i = 0; i < requests.size(); i++) {
            InferenceRequest request = Objects.requireNonNull(requests.get(i), "requests[" + i + "]");
            values.clear();
            if (request.customId() == null) {
                values.ascii("null");
            } else {
                values.string(request.customId());
            }
            BatchEntry.Slice id = new BatchEntry.Slice(values, 0, values.size());
            try {
                JsonlLineReader text = JsonlLineReader.ofText(utf8(request.body().json()));
                text.nextLine();
                json.begin(text, values);
                json.blank();
                json.copyValue(true);
                json.end();
            } catch (JsonlException | IOException e) {
                throw new IllegalArgumentException("requests[" + i + "]: the body is not strict JSON: "
                        + (e instanceof JsonlException jsonl ? jsonl.reason() : e.toString()), e);
            }
            if (i > 0) {
                out.ascii(",");
            }
            // The record's constructor has checked that the body is an object with a model.
            new BatchEntry(id, BatchEntry.NONE, new BatchEntry.Slice(values, id.end(), values.size()), BatchEntry.NONE)
                    .writeTo(out);
        }
        out.ascii(BatchBodyStream.SUFFIX);
        return RequestBody.ofBytes(out.toByteArray(), RequestBody.JSON);
    }

    /**
     * {@return {@code text} as UTF-8}
     *
     * @throws JsonlException if it has an unpaired surrogate, which UTF-8 cannot carry
     */
    private static byte[] utf8(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw new JsonlException(null, 1, String.format("unpaired surrogate U+%04X at column %d", (int) c,
                        text.codePointCount(0, i) + 1));
            }
        }
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
