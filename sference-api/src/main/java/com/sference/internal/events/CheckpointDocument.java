package com.sference.internal.events;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import com.sference.CheckpointException;
import com.sference.CheckpointKey;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Optional;

/**
 * The content of a checkpoint file, in the Python SDK 0.0.1's format: one JSON object mapping
 * {@code <baseUrl>:<streamId>:<consumer>} to {@code {"last_completion_id", "updated_at"}}. Entries
 * of other keys are kept as they are. Every error names the file.
 */
final class CheckpointDocument {
    static final String LAST_COMPLETION_ID = "last_completion_id";
    /** What entries written before {@code last_completion_id} existed hold the id in. */
    static final String LEGACY_LAST_EVENT_ID = "last_event_id";
    static final String UPDATED_AT = "updated_at";

    private static final DateTimeFormatter SECONDS =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss", Locale.ROOT).withZone(ZoneOffset.UTC);

    private final Path file;
    private final JsonObject entries;

    private CheckpointDocument(Path file, JsonObject entries) {
        this.file = file;
        this.entries = entries;
    }

    /** {@return the content of a file that does not exist yet} */
    static CheckpointDocument empty(Path file) {
        return new CheckpointDocument(file, new JsonObject());
    }

    /**
     * {@return the content of {@code file}, read as {@code bytes}}
     *
     * @throws CheckpointException if the bytes are not UTF-8 text holding one JSON object
     */
    static CheckpointDocument parse(Path file, byte[] bytes) {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new CheckpointException("checkpoint file " + file + " is not UTF-8 text; fix or remove it", file, e);
        }
        JsonElement value;
        try {
            value = PythonJson.parse(text);
        } catch (IllegalArgumentException e) {
            throw new CheckpointException("checkpoint file " + file + " is not valid JSON (" + e.getMessage()
                    + "); fix or remove it", file, e);
        }
        if (!value.isJsonObject()) {
            throw new CheckpointException("checkpoint file " + file + " does not hold a JSON object; fix or remove it",
                    file, null);
        }
        return new CheckpointDocument(file, value.getAsJsonObject());
    }

    /**
     * {@return the id saved for {@code key}: its {@code last_completion_id}, else its legacy
     * {@code last_event_id}; empty if the file has no entry for the key}
     *
     * @throws CheckpointException if the entry is not an object holding one of them as a non-empty string
     */
    Optional<String> lastCompletionId(CheckpointKey key) {
        JsonElement entry = entries.get(key.toString());
        if (entry == null) {
            return Optional.empty();
        }
        if (!entry.isJsonObject()) {
            throw invalidEntry(key, "is not a JSON object");
        }
        Optional<String> id = idField(key, entry.getAsJsonObject(), LAST_COMPLETION_ID);
        if (id.isEmpty()) {
            id = idField(key, entry.getAsJsonObject(), LEGACY_LAST_EVENT_ID);
        }
        if (id.isEmpty()) {
            throw invalidEntry(key, "has neither " + LAST_COMPLETION_ID + " nor " + LEGACY_LAST_EVENT_ID);
        }
        return id;
    }

    private Optional<String> idField(CheckpointKey key, JsonObject entry, String name) {
        JsonElement value = entry.get(name);
        if (value == null || value.isJsonNull()) {
            return Optional.empty();
        }
        boolean nonEmptyString = value instanceof JsonPrimitive && value.getAsJsonPrimitive().isString()
                && !value.getAsString().isEmpty();
        if (!nonEmptyString) {
            throw invalidEntry(key, "has a " + name + " that is not a non-empty string");
        }
        return Optional.of(value.getAsString());
    }

    private CheckpointException invalidEntry(CheckpointKey key, String problem) {
        return new CheckpointException("checkpoint file " + file + ": the entry \"" + key + "\" " + problem
                + "; fix or remove it", file, null);
    }

    /** Sets the entry of {@code key} to {@code completionId}, saved at {@code at}, as the Python SDK writes it. */
    void put(CheckpointKey key, String completionId, Instant at) {
        JsonObject entry = new JsonObject();
        entry.addProperty(LAST_COMPLETION_ID, completionId);
        entry.addProperty(UPDATED_AT, pythonIsoFormat(at));
        entries.add(key.toString(), entry);
    }

    /** Removes the entry of {@code key}; {@return whether there was one} */
    boolean remove(CheckpointKey key) {
        return entries.remove(key.toString()) != null;
    }

    /** {@return the content as {@code json.dumps(data, indent=2, sort_keys=True) + "\n"}, in UTF-8} */
    byte[] toBytes() {
        return (PythonJson.dumps(entries) + "\n").getBytes(StandardCharsets.UTF_8);
    }

    /**
     * {@return {@code at} as Python's {@code datetime.now(tz=timezone.utc).isoformat()} writes it}:
     * microseconds, left out when they are zero, and {@code +00:00}.
     */
    static String pythonIsoFormat(Instant at) {
        Instant micros = at.truncatedTo(ChronoUnit.MICROS);
        int fraction = micros.getNano() / 1000;
        return SECONDS.format(micros) + (fraction == 0 ? "" : String.format(Locale.ROOT, ".%06d", fraction)) + "+00:00";
    }
}
