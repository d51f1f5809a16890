package com.sference.testkit.internal;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

/** Collects validation failures and throws them as one {@code 422}. */
final class Violations {

    /** More are counted but not listed, so a bad batch of 200,000 requests stays readable. */
    private static final int MAX_LISTED = 50;

    private final JsonArray details = new JsonArray();
    private int count;

    /**
     * Records one failure.
     *
     * @param loc where: path elements such as {@code "body", "input", 0, "role"}
     * @param msg what is wrong
     * @param type a pydantic-style error type, for example {@code missing}
     */
    void add(JsonArray loc, String msg, String type) {
        count++;
        if (details.size() < MAX_LISTED) {
            JsonObject d = new JsonObject();
            d.add("loc", loc);
            d.addProperty("msg", msg);
            d.addProperty("type", type);
            details.add(d);
        }
    }

    boolean isEmpty() {
        return count == 0;
    }

    void throwIfAny() {
        if (count > 0) {
            throw ApiError.validation(details);
        }
    }

    /** Throws a 422 with a single failure. */
    static ApiError single(JsonArray loc, String msg, String type) {
        Violations v = new Violations();
        v.add(loc, msg, type);
        return ApiError.validation(v.details);
    }
}
