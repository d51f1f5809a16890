package com.sference.testkit.internal;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** The query string of a request, first value of each name. */
final class QueryParams {

    private final Map<String, String> values;

    private QueryParams(Map<String, String> values) {
        this.values = values;
    }

    static QueryParams parse(String rawQuery) {
        Map<String, String> values = new LinkedHashMap<>();
        if (rawQuery != null && !rawQuery.isEmpty()) {
            for (String pair : rawQuery.split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                String name = decode(eq < 0 ? pair : pair.substring(0, eq));
                String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
                values.putIfAbsent(name, value);
            }
        }
        return new QueryParams(values);
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    /** The value, or null when absent. */
    String get(String name) {
        return values.get(name);
    }

    /**
     * Reads an integer parameter in {@code [min, max]}, recording a violation when it is not one.
     */
    int intParam(Violations violations, String name, int defaultValue, int min, int max) {
        String raw = values.get(name);
        if (raw == null) {
            return defaultValue;
        }
        int value;
        try {
            value = Integer.parseInt(raw.trim());
        } catch (NumberFormatException e) {
            violations.add(Json.loc("query", name), "Input should be a valid integer", "int_parsing");
            return defaultValue;
        }
        if (value < min) {
            violations.add(Json.loc("query", name), "Input should be greater than or equal to " + min,
                    "greater_than_equal");
            return defaultValue;
        }
        if (value > max) {
            violations.add(Json.loc("query", name), "Input should be less than or equal to " + max,
                    "less_than_equal");
            return defaultValue;
        }
        return value;
    }
}
