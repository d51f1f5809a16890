package com.sference.testkit.internal;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

/**
 * The emulator's deterministic model: it answers {@code "echo: "} plus the last user message.
 *
 * <p>Prompt tokens are the whitespace-separated words of every input message's content (at
 * least 1); completion tokens are the words of the output. The model {@value #FAIL_MODEL}
 * always fails with code {@code model_error}.
 */
final class EchoModel {

    static final String FAIL_MODEL = "sference/fail";

    /**
     * The outcome of one request.
     *
     * @param text the output text, or null when it failed
     * @param promptTokens input words, 0 when it failed
     * @param completionTokens output words, 0 when it failed
     * @param errorCode the error code, or null
     * @param errorMessage the error message, or null
     */
    record Completion(String text, int promptTokens, int completionTokens, String errorCode, String errorMessage) {

        boolean failed() {
            return errorCode != null;
        }

        int totalTokens() {
            return promptTokens + completionTokens;
        }
    }

    private EchoModel() {
    }

    /**
     * Answers a list of messages, each an object with {@code role} and {@code content}.
     *
     * @param model the requested model
     * @param messages the messages; entries that are not objects are skipped
     */
    static Completion complete(String model, JsonArray messages) {
        if (FAIL_MODEL.equals(model)) {
            return new Completion(null, 0, 0, "model_error",
                    "the model " + FAIL_MODEL + " always fails (sference emulator)");
        }
        int promptWords = 0;
        String lastUser = "";
        if (messages != null) {
            for (JsonElement m : messages) {
                if (!m.isJsonObject()) {
                    continue;
                }
                JsonObject message = m.getAsJsonObject();
                String content = text(message.get("content"));
                promptWords += words(content);
                JsonElement role = message.get("role");
                if (Json.isString(role) && role.getAsString().equals("user")) {
                    lastUser = content;
                }
            }
        }
        String output = "echo: " + lastUser;
        return new Completion(output, Math.max(1, promptWords), words(output), null, null);
    }

    /** The text of a content value: a string, or OpenAI's list of parts with {@code text}. */
    private static String text(JsonElement content) {
        if (Json.isString(content)) {
            return content.getAsString();
        }
        if (content != null && content.isJsonArray()) {
            StringBuilder sb = new StringBuilder();
            for (JsonElement part : content.getAsJsonArray()) {
                if (part.isJsonObject() && Json.isString(part.getAsJsonObject().get("text"))) {
                    if (sb.length() > 0) {
                        sb.append(' ');
                    }
                    sb.append(part.getAsJsonObject().get("text").getAsString());
                }
            }
            return sb.toString();
        }
        return "";
    }

    /** The number of whitespace-separated words. */
    static int words(String text) {
        int count = 0;
        boolean inWord = false;
        for (int i = 0; i < text.length(); i++) {
            boolean space = Character.isWhitespace(text.charAt(i));
            if (!space && !inWord) {
                count++;
            }
            inWord = !space;
        }
        return count;
    }
}
