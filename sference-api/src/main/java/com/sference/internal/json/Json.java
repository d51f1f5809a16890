package com.sference.internal.json;

import com.google.gson.FieldNamingPolicy;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;
import com.sference.SferenceException;
import com.sference.model.JsonText;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;

/** The one Gson instance of the SDK, configured for the wire format, and helpers around it. */
public final class Json {
    /** snake_case on the wire, records through {@link RecordAdapterFactory}, nulls left out. */
    public static final Gson GSON = new GsonBuilder()
            .setFieldNamingPolicy(FieldNamingPolicy.LOWER_CASE_WITH_UNDERSCORES)
            .registerTypeAdapterFactory(new WireEnumAdapterFactory())
            .registerTypeAdapterFactory(new RecordAdapterFactory())
            .registerTypeAdapter(JsonText.class, new JsonTextAdapter().nullSafe())
            .registerTypeAdapter(OffsetDateTime.class, new OffsetDateTimeAdapter().nullSafe())
            .disableHtmlEscaping()
            .create();

    private Json() {}

    /** {@return {@code value} as compact JSON} */
    public static String write(Object value) {
        return GSON.toJson(value);
    }

    /**
     * Reads one value of {@code type} from {@code json}.
     *
     * @throws SferenceException if the text is not JSON of that shape
     */
    public static <T> T read(String json, Type type) {
        try {
            return GSON.fromJson(json, type);
        } catch (JsonParseException | IllegalArgumentException e) {
            throw new SferenceException("unexpected JSON from the server: " + e.getMessage(), e);
        }
    }

    /**
     * Reads one value of {@code type} from a UTF-8 stream, which it does not close.
     *
     * @throws SferenceException if the stream is not JSON of that shape or cannot be read
     */
    public static <T> T read(InputStream in, Type type) {
        Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8);
        try {
            T value = GSON.fromJson(reader, type);
            if (value == null) {
                throw new SferenceException("empty body where JSON was expected");
            }
            return value;
        } catch (JsonParseException | IllegalArgumentException e) {
            if (e.getCause() instanceof IOException) {
                throw new SferenceException("reading the response failed: " + e.getCause().getMessage(), e.getCause());
            }
            throw new SferenceException("unexpected JSON from the server: " + e.getMessage(), e);
        }
    }
}
