package com.sference.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The body of {@code POST /v1/responses}. Build one with {@link #builder(String)}.
 *
 * <pre>{@code
 * CreateResponseRequest request = CreateResponseRequest.builder("Qwen/Qwen2.5-7B-Instruct")
 *         .input(InputMessage.user("Hello"))
 *         .streamId(stream.id())
 *         .completionWindow(Window.ONE_DAY)
 *         .build();
 * }</pre>
 *
 * @param model the model
 * @param input the messages, at least one
 * @param instructions system-level instructions, or {@code null}
 * @param maxOutputTokens the output cap, or {@code null}
 * @param temperature 0 to 2, or {@code null}
 * @param topP 0 to 1, or {@code null}
 * @param metadata {@code completion_window}, {@code stream_id}, {@code custom_id} and any other
 *     string entries
 * @param background OpenAI's flag; the server runs every job in the background anyway
 * @since 0.1
 */
public record CreateResponseRequest(
        String model,
        List<InputMessage> input,
        String instructions,
        Integer maxOutputTokens,
        Double temperature,
        Double topP,
        Map<String, String> metadata,
        Boolean background) {

    /**
     * Checks the fields as the server would.
     *
     * @throws IllegalArgumentException if {@code input} is empty or a number is out of range
     *
     * @param model the model
     * @param input the messages, at least one
     * @param instructions system-level instructions, or {@code null}
     * @param maxOutputTokens the output cap, or {@code null}
     * @param temperature 0 to 2, or {@code null}
     * @param topP 0 to 1, or {@code null}
     * @param metadata {@code completion_window}, {@code stream_id}, {@code custom_id} and any other
     *         string entries
     * @param background OpenAI's flag; the server runs every job in the background anyway
     */
    public CreateResponseRequest {
        Objects.requireNonNull(model, "model");
        if (model.isEmpty()) {
            throw new IllegalArgumentException("model must not be empty");
        }
        input = List.copyOf(input);
        if (input.isEmpty()) {
            throw new IllegalArgumentException("input needs at least one message");
        }
        if (temperature != null && !(temperature >= 0 && temperature <= 2)) {
            throw new IllegalArgumentException("temperature must be within 0..2: " + temperature);
        }
        if (topP != null && !(topP >= 0 && topP <= 1)) {
            throw new IllegalArgumentException("topP must be within 0..1: " + topP);
        }
        if (maxOutputTokens != null && maxOutputTokens < 1) {
            throw new IllegalArgumentException("maxOutputTokens must be positive: " + maxOutputTokens);
        }
        metadata = metadata == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
    }

    /**
     * {@return a builder for a request to {@code model}}
     *
     * @param model the model to run, for example {@code Qwen/Qwen2.5-7B-Instruct}
     */
    public static Builder builder(String model) {
        return new Builder(model);
    }

    /**
     * {@return a request asking {@code model} one user question}
     *
     * @param model the model to run
     * @param prompt the user's question
     */
    public static CreateResponseRequest ask(String model, String prompt) {
        return builder(model).input(InputMessage.user(prompt)).build();
    }

    /** {@return the {@code stream_id} in the metadata, or {@code null}} */
    public String streamId() {
        return metadata.get("stream_id");
    }

    /**
     * Builds a {@link CreateResponseRequest}; not thread-safe. Unset fields are left out of the body.
     *
     * @since 0.1
     */
    public static final class Builder {
        private final String model;
        private final List<InputMessage> input = new ArrayList<>();
        private final Map<String, String> metadata = new LinkedHashMap<>();
        private String instructions;
        private Integer maxOutputTokens;
        private Double temperature;
        private Double topP;
        private Boolean background;

        private Builder(String model) {
            this.model = Objects.requireNonNull(model, "model");
        }

        /**
         * Adds messages to the input.
         *
         * @param messages the messages, in order
         * @return this builder
         */
        public Builder input(InputMessage... messages) {
            input.addAll(List.of(messages));
            return this;
        }

        /**
         * Adds messages to the input.
         *
         * @param messages the messages, in order
         * @return this builder
         */
        public Builder input(List<InputMessage> messages) {
            input.addAll(messages);
            return this;
        }

        /**
         * Sets the instructions; none by default.
         *
         * @param instructions the system instructions
         * @return this builder
         */
        public Builder instructions(String instructions) {
            this.instructions = instructions;
            return this;
        }

        /**
         * Sets the output cap; the server's default by default.
         *
         * @param maxOutputTokens the most tokens the answer may have, at least 1
         * @return this builder
         */
        public Builder maxOutputTokens(int maxOutputTokens) {
            this.maxOutputTokens = maxOutputTokens;
            return this;
        }

        /**
         * Sets the temperature (0..2); the server's default by default.
         *
         * @param temperature the sampling temperature, 0 to 2
         * @return this builder
         */
        public Builder temperature(double temperature) {
            this.temperature = temperature;
            return this;
        }

        /**
         * Sets top-p (0..1); the server's default by default.
         *
         * @param topP the nucleus sampling fraction, 0 to 1
         * @return this builder
         */
        public Builder topP(double topP) {
            this.topP = topP;
            return this;
        }

        /**
         * Attaches the job to a stream ({@code metadata.stream_id}); none by default.
         *
         * @param streamId the id of an open stream
         * @return this builder
         */
        public Builder streamId(String streamId) {
            return metadata("stream_id", streamId);
        }

        /**
         * Sets {@code metadata.completion_window}; the server's default by default.
         *
         * @param window the completion window
         * @return this builder
         */
        public Builder completionWindow(Window window) {
            return metadata("completion_window", window.wireValue());
        }

        /**
         * Sets {@code metadata.custom_id}, which the stream event then carries; none by default.
         *
         * @param customId your own id for the job
         * @return this builder
         */
        public Builder customId(String customId) {
            return metadata("custom_id", customId);
        }

        /**
         * Sets a metadata entry.
         *
         * @param key the entry's key
         * @param value the entry's value
         * @return this builder
         */
        public Builder metadata(String key, String value) {
            metadata.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
            return this;
        }

        /**
         * Sets OpenAI's {@code background} flag; left out by default.
         *
         * @param background the flag's value
         * @return this builder
         */
        public Builder background(boolean background) {
            this.background = background;
            return this;
        }

        /** {@return the request} */
        public CreateResponseRequest build() {
            return new CreateResponseRequest(
                    model, input, instructions, maxOutputTokens, temperature, topP, metadata, background);
        }
    }
}
