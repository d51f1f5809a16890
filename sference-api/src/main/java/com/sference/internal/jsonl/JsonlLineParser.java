package com.sference.internal.jsonl;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import com.sference.JsonlException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Turns one workload line into a {@link BatchEntry}, following the two line formats of the API
 * contract.
 *
 * <ul>
 *   <li>An OpenAI batch line has all of {@code method}, {@code url} and {@code body} (their values
 *       other than {@code body} are not checked, and other keys are ignored). It becomes
 *       {@code (custom_id, body)}; {@code body} must be an object with a non-empty string
 *       {@code model}. An absent or null {@code custom_id} stays null. The caller's model, if any,
 *       is ignored for it, and counted in {@link #ignoredModelLines()}.
 *   <li>A content line has {@code content} (a string) and optionally {@code custom_id}, and no other
 *       key. It needs the caller's model and becomes a one-message chat request. An absent, null or
 *       empty {@code custom_id} becomes {@code request-<N>}, N being the physical line number.
 * </ul>
 *
 * <p>A {@code custom_id} that is neither a string nor null (a number, say) is an error rather than
 * being turned into a string, as the contract types it {@code string|null}. A line that is empty or
 * whitespace (as {@link String#strip()} sees it) is blank and yields no entry.
 */
final class JsonlLineParser {
    private static final Set<String> CONTENT_KEYS = Set.of("content", "custom_id");
    private static final List<String> ENVELOPE_KEYS = List.of("method", "url", "body");

    private final Path path;
    private final String model;
    private long ignoredModelLines;

    /**
     * @param path the workload file, named in errors
     * @param model the caller's model, or {@code null} (an empty one counts as none)
     */
    JsonlLineParser(Path path, String model) {
        this.path = path;
        this.model = model == null || model.isEmpty() ? null : model;
    }

    /** {@return how many OpenAI batch lines so far ignored the caller's model} */
    long ignoredModelLines() {
        return ignoredModelLines;
    }

    /**
     * {@return the entry of line {@code lineNumber}, or {@code null} if the line is blank}
     *
     * @throws JsonlException if the line is invalid, naming the file and {@code lineNumber}
     */
    BatchEntry parse(long lineNumber, String line) {
        String text = line.strip();
        if (text.isEmpty()) {
            return null;
        }
        JsonElement root;
        try {
            root = StrictJson.parse(text, line.indexOf(text.charAt(0)));
        } catch (IllegalArgumentException e) {
            throw new JsonlException(path, lineNumber, e.getMessage(), e.getCause());
        }
        if (!root.isJsonObject()) {
            throw invalid(lineNumber, "expected a JSON object, found " + kind(root));
        }
        JsonObject object = root.getAsJsonObject();
        if (ENVELOPE_KEYS.stream().allMatch(object::has)) {
            return envelope(lineNumber, object);
        }
        if (object.has("content")) {
            return content(lineNumber, object);
        }
        List<String> missing = ENVELOPE_KEYS.stream().filter(key -> !object.has(key)).collect(Collectors.toList());
        if (missing.size() < ENVELOPE_KEYS.size()) {
            throw invalid(lineNumber, "an OpenAI batch line needs \"method\", \"url\" and \"body\"; missing "
                    + missing.stream().map(key -> '"' + key + '"').collect(Collectors.joining(", ")));
        }
        throw invalid(lineNumber, "unsupported line: expected an OpenAI batch line"
                + " {\"custom_id\",\"method\",\"url\",\"body\"} or a content line {\"content\",\"custom_id\"}");
    }

    private BatchEntry envelope(long lineNumber, JsonObject object) {
        JsonElement body = object.get("body");
        if (!body.isJsonObject()) {
            throw invalid(lineNumber, "\"body\" must be a JSON object, found " + kind(body));
        }
        JsonElement bodyModel = body.getAsJsonObject().get("model");
        if (!isString(bodyModel) || bodyModel.getAsString().isEmpty()) {
            throw invalid(lineNumber, "\"body.model\" must be a non-empty string, found "
                    + (bodyModel == null ? "none" : isString(bodyModel) ? "\"\"" : kind(bodyModel)));
        }
        String customId = customId(lineNumber, object);
        if (model != null) {
            ignoredModelLines++;
        }
        return new BatchEntry(customId, body.getAsJsonObject());
    }

    private BatchEntry content(long lineNumber, JsonObject object) {
        for (String key : object.keySet()) {
            if (!CONTENT_KEYS.contains(key)) {
                throw invalid(lineNumber, "unexpected key \"" + key
                        + "\" in a content line (it may have only \"content\" and \"custom_id\")");
            }
        }
        JsonElement content = object.get("content");
        if (!isString(content)) {
            throw invalid(lineNumber, "\"content\" must be a string, found " + kind(content));
        }
        if (model == null) {
            throw invalid(lineNumber, "a content line needs a model, and none was given");
        }
        String customId = customId(lineNumber, object);
        if (customId == null || customId.isEmpty()) {
            customId = "request-" + lineNumber;
        }
        JsonObject message = new JsonObject();
        message.addProperty("role", "user");
        message.add("content", content);
        JsonArray messages = new JsonArray(1);
        messages.add(message);
        JsonObject body = new JsonObject();
        body.addProperty("model", model);
        body.add("messages", messages);
        return new BatchEntry(customId, body);
    }

    private String customId(long lineNumber, JsonObject object) {
        JsonElement id = object.get("custom_id");
        if (id == null || id.isJsonNull()) {
            return null;
        }
        if (!isString(id)) {
            throw invalid(lineNumber, "\"custom_id\" must be a string or null, found " + kind(id));
        }
        return id.getAsString();
    }

    private JsonlException invalid(long lineNumber, String reason) {
        return new JsonlException(path, lineNumber, reason);
    }

    private static boolean isString(JsonElement value) {
        return value != null && value.isJsonPrimitive() && value.getAsJsonPrimitive().isString();
    }

    private static String kind(JsonElement value) {
        if (value.isJsonObject()) {
            return "an object";
        }
        if (value.isJsonArray()) {
            return "an array";
        }
        if (value.isJsonNull()) {
            return "null";
        }
        JsonPrimitive primitive = value.getAsJsonPrimitive();
        return primitive.isString() ? "a string" : primitive.isBoolean() ? "a boolean" : "a number";
    }
}
