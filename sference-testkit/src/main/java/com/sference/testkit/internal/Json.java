package com.sference.testkit.internal;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonPrimitive;
import java.nio.charset.StandardCharsets;

/** The shared Gson instance (tree API only, no reflection) and small JSON helpers. */
final class Json {

    static final Gson GSON = new GsonBuilder().serializeNulls().disableHtmlEscaping().create();

    private Json() {
    }

    static byte[] bytes(JsonElement element) {
        return GSON.toJson(element).getBytes(StandardCharsets.UTF_8);
    }

    static JsonElement string(String value) {
        return value == null ? JsonNull.INSTANCE : new JsonPrimitive(value);
    }

    static JsonArray loc(Object... parts) {
        JsonArray array = new JsonArray();
        for (Object part : parts) {
            if (part instanceof Number) {
                array.add((Number) part);
            } else {
                array.add(String.valueOf(part));
            }
        }
        return array;
    }

    /** True when the element is a JSON string. */
    static boolean isString(JsonElement e) {
        return e != null && e.isJsonPrimitive() && e.getAsJsonPrimitive().isString();
    }

    /** True when the element is a JSON number. */
    static boolean isNumber(JsonElement e) {
        return e != null && e.isJsonPrimitive() && e.getAsJsonPrimitive().isNumber();
    }

    /** True when the element is absent or JSON null. */
    static boolean isNull(JsonElement e) {
        return e == null || e.isJsonNull();
    }
}
