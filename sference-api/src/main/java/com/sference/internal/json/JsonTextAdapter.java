package com.sference.internal.json;

import com.google.gson.JsonParser;
import com.google.gson.TypeAdapter;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonWriter;
import com.sference.model.JsonText;
import java.io.IOException;

/** Keeps a JSON value as its compact text, and writes that text back verbatim. */
final class JsonTextAdapter extends TypeAdapter<JsonText> {
    @Override
    public void write(JsonWriter out, JsonText value) throws IOException {
        out.jsonValue(value.json());
    }

    @Override
    public JsonText read(JsonReader in) throws IOException {
        return new JsonText(JsonParser.parseReader(in).toString());
    }
}
