package com.sference.internal.json;

import com.google.gson.FieldNamingPolicy;
import com.google.gson.Gson;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.TypeAdapter;
import com.google.gson.TypeAdapterFactory;
import com.google.gson.reflect.TypeToken;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import com.google.gson.stream.JsonWriter;
import com.sference.model.UnknownFields;
import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Reads and writes the model records: component names become snake_case through Gson's naming
 * policy, missing fields take their type's default, fields the record does not model are kept in
 * its {@link UnknownFields} component together with the raw text of any status the SDK does not
 * know, and those fields are written back on output.
 */
final class RecordAdapterFactory implements TypeAdapterFactory {
    private static final FieldNamingPolicy NAMING = FieldNamingPolicy.LOWER_CASE_WITH_UNDERSCORES;

    @Override
    @SuppressWarnings({"unchecked", "rawtypes"})
    public <T> TypeAdapter<T> create(Gson gson, TypeToken<T> type) {
        Class<?> raw = type.getRawType();
        if (!raw.isRecord() || !raw.getPackageName().startsWith("com.sference")) {
            return null;
        }
        return new RecordAdapter(gson, raw);
    }

    private static final class RecordAdapter<R extends Record> extends TypeAdapter<R> {
        private final RecordComponent[] components;
        private final String[] wireNames;
        private final TypeAdapter<?>[] adapters;
        private final Set<String> known = new HashSet<>();
        private final Constructor<R> constructor;

        RecordAdapter(Gson gson, Class<R> type) {
            components = type.getRecordComponents();
            wireNames = new String[components.length];
            adapters = new TypeAdapter<?>[components.length];
            Class<?>[] parameterTypes = new Class<?>[components.length];
            for (int i = 0; i < components.length; i++) {
                RecordComponent component = components[i];
                parameterTypes[i] = component.getType();
                if (component.getType() == UnknownFields.class) {
                    continue;
                }
                try {
                    wireNames[i] = NAMING.translateName(type.getDeclaredField(component.getName()));
                } catch (NoSuchFieldException e) {
                    throw new IllegalStateException(e);
                }
                known.add(wireNames[i]);
                adapters[i] = gson.getAdapter(TypeToken.get(component.getGenericType()));
            }
            try {
                constructor = type.getDeclaredConstructor(parameterTypes);
                // Records of the SDK's own internal packages are package-private; they are in this module.
                constructor.setAccessible(true);
                for (RecordComponent component : components) {
                    component.getAccessor().setAccessible(true);
                }
            } catch (NoSuchMethodException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public R read(JsonReader in) throws IOException {
            if (in.peek() == JsonToken.NULL) {
                in.nextNull();
                return null;
            }
            JsonElement tree = JsonParser.parseReader(in);
            if (!tree.isJsonObject()) {
                throw new JsonParseException("expected an object for " + constructor.getDeclaringClass().getSimpleName()
                        + " but found " + kind(tree));
            }
            JsonObject object = tree.getAsJsonObject();
            Map<String, String> unknown = new LinkedHashMap<>();
            Object[] values = new Object[components.length];
            int unknownFieldsIndex = -1;
            for (int i = 0; i < components.length; i++) {
                if (adapters[i] == null) {
                    unknownFieldsIndex = i;
                    continue;
                }
                JsonElement element = object.get(wireNames[i]);
                if (element == null || element.isJsonNull()) {
                    values[i] = defaultValue(components[i].getType());
                    continue;
                }
                values[i] = adapters[i].fromJsonTree(element);
                if (values[i] instanceof Enum && ((Enum<?>) values[i]).name().equals("UNKNOWN")) {
                    unknown.put(wireNames[i], element.toString());
                }
            }
            for (Map.Entry<String, JsonElement> entry : object.entrySet()) {
                if (!known.contains(entry.getKey())) {
                    unknown.put(entry.getKey(), entry.getValue().toString());
                }
            }
            if (unknownFieldsIndex >= 0) {
                values[unknownFieldsIndex] = UnknownFields.of(unknown);
            }
            try {
                return constructor.newInstance(values);
            } catch (InvocationTargetException e) {
                throw new JsonParseException(constructor.getDeclaringClass().getSimpleName() + ": "
                        + e.getCause().getMessage(), e.getCause());
            } catch (InstantiationException | IllegalAccessException e) {
                throw new IllegalStateException(e);
            }
        }

        /** Names what {@code tree} is without printing it: an answer may be megabytes long. */
        private static String kind(JsonElement tree) {
            if (tree.isJsonArray()) {
                return "an array";
            }
            if (tree.isJsonPrimitive()) {
                return tree.getAsJsonPrimitive().isString() ? "a string" : tree.getAsJsonPrimitive().isNumber()
                        ? "a number" : "a boolean";
            }
            return "null";
        }

        @Override
        @SuppressWarnings({"unchecked", "rawtypes"})
        public void write(JsonWriter out, R value) throws IOException {
            if (value == null) {
                out.nullValue();
                return;
            }
            out.beginObject();
            UnknownFields extra = UnknownFields.none();
            for (int i = 0; i < components.length; i++) {
                Object component;
                try {
                    component = components[i].getAccessor().invoke(value);
                } catch (IllegalAccessException | InvocationTargetException e) {
                    throw new IllegalStateException(e);
                }
                if (adapters[i] == null) {
                    extra = (UnknownFields) component;
                } else if (component != null) {
                    out.name(wireNames[i]);
                    ((TypeAdapter) adapters[i]).write(out, component);
                }
            }
            for (Map.Entry<String, String> entry : extra.asMap().entrySet()) {
                if (!known.contains(entry.getKey())) {
                    out.name(entry.getKey()).jsonValue(entry.getValue());
                }
            }
            out.endObject();
        }

        private static Object defaultValue(Class<?> type) {
            if (type == long.class) {
                return 0L;
            } else if (type == int.class) {
                return 0;
            } else if (type == double.class) {
                return 0.0;
            } else if (type == boolean.class) {
                return false;
            }
            return null;
        }
    }
}
