package com.sference.model;

import com.google.gson.JsonElement;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The fields of a wire object that this SDK version does not model, each kept as raw JSON text,
 * together with the raw text of any status value it did not recognise. Lets newer servers add
 * fields without breaking older clients, while the data stays reachable.
 *
 * @since 0.1
 */
public final class UnknownFields {
    private static final UnknownFields NONE = new UnknownFields(Map.of());

    private final Map<String, String> rawByName;

    private UnknownFields(Map<String, String> rawByName) {
        this.rawByName = rawByName;
    }

    /** {@return an instance holding no fields} */
    public static UnknownFields none() {
        return NONE;
    }

    /**
     * {@return an instance holding {@code rawByName}}
     *
     * @param rawByName wire field names mapped to their raw JSON text, in wire order
     */
    public static UnknownFields of(Map<String, String> rawByName) {
        Objects.requireNonNull(rawByName, "rawByName");
        return rawByName.isEmpty() ? NONE : new UnknownFields(Collections.unmodifiableMap(new LinkedHashMap<>(rawByName)));
    }

    /** {@return the wire names of the fields held} */
    public Set<String> names() {
        return rawByName.keySet();
    }

    /**
     * {@return the raw JSON text of field {@code name}, if present}
     *
     * @param name the field's name on the wire
     */
    public Optional<String> raw(String name) {
        return Optional.ofNullable(rawByName.get(name));
    }

    /**
     * {@return the value of field {@code name} if it is a JSON string (unquoted), or its raw JSON
     * text otherwise; empty if absent}
     *
     * @param name the field's name on the wire
     */
    public Optional<String> string(String name) {
        return raw(name).map(UnknownFields::unquote);
    }

    private static String unquote(String raw) {
        try {
            JsonElement element = JsonParser.parseString(raw);
            return element.isJsonPrimitive() && element.getAsJsonPrimitive().isString() ? element.getAsString() : raw;
        } catch (JsonParseException e) {
            return raw;
        }
    }

    /** {@return all fields, by wire name, as raw JSON text} */
    public Map<String, String> asMap() {
        return rawByName;
    }

    /** {@return whether no field is held} */
    public boolean isEmpty() {
        return rawByName.isEmpty();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof UnknownFields && ((UnknownFields) o).rawByName.equals(rawByName);
    }

    @Override
    public int hashCode() {
        return rawByName.hashCode();
    }

    @Override
    public String toString() {
        return rawByName.toString();
    }
}
