package com.sference.internal.json;

import com.google.gson.Gson;
import com.google.gson.TypeAdapter;
import com.google.gson.TypeAdapterFactory;
import com.google.gson.reflect.TypeToken;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import com.google.gson.stream.JsonWriter;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.HashMap;
import java.util.Map;

/**
 * Maps the model enums to their wire text through their {@code wireValue()}; a text no constant
 * has becomes {@code UNKNOWN} (the record adapter keeps the raw text).
 */
final class WireEnumAdapterFactory implements TypeAdapterFactory {
    @Override
    @SuppressWarnings({"unchecked", "rawtypes"})
    public <T> TypeAdapter<T> create(Gson gson, TypeToken<T> type) {
        Class<?> raw = type.getRawType();
        if (!raw.isEnum() || !raw.getPackageName().equals("com.sference.model")) {
            return null;
        }
        return (TypeAdapter<T>) new WireEnumAdapter(raw);
    }

    static boolean isWireEnum(Class<?> type) {
        return type.isEnum() && type.getPackageName().equals("com.sference.model");
    }

    private static final class WireEnumAdapter<E extends Enum<E>> extends TypeAdapter<E> {
        private final Map<String, E> byWire = new HashMap<>();
        private final E unknown;

        WireEnumAdapter(Class<E> type) {
            E unknownConstant = null;
            Method wireValue;
            try {
                wireValue = type.getMethod("wireValue");
            } catch (NoSuchMethodException e) {
                throw new IllegalStateException(type + " has no wireValue()", e);
            }
            for (E constant : type.getEnumConstants()) {
                if (constant.name().equals("UNKNOWN")) {
                    unknownConstant = constant;
                    continue;
                }
                try {
                    byWire.put((String) wireValue.invoke(constant), constant);
                } catch (IllegalAccessException | InvocationTargetException e) {
                    throw new IllegalStateException(e);
                }
            }
            this.unknown = unknownConstant;
        }

        @Override
        public void write(JsonWriter out, E value) throws IOException {
            if (value == null) {
                out.nullValue();
                return;
            }
            for (Map.Entry<String, E> entry : byWire.entrySet()) {
                if (entry.getValue() == value) {
                    out.value(entry.getKey());
                    return;
                }
            }
            throw new IllegalArgumentException("cannot send " + value + " to the server");
        }

        @Override
        public E read(JsonReader in) throws IOException {
            if (in.peek() == JsonToken.NULL) {
                in.nextNull();
                return null;
            }
            E value = byWire.get(in.nextString());
            return value != null ? value : unknown;
        }
    }
}
