package com.sference.testkit.internal;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/** Maps a method and path to an endpoint; unknown paths are {@code 404}, wrong methods {@code 405}. */
final class Router {

    /** Handles one kind of request. */
    @FunctionalInterface
    interface Endpoint {
        Reply handle(Call call);
    }

    /** A route: method, path pattern (with at most one {@code {id}}), required access. */
    record Route(String method, String[] pattern, Access access, Endpoint endpoint) {
    }

    /** A matched route and the value of its {@code {id}} segment (or null). */
    record Match(Route route, String id) {
    }

    private final List<Route> routes = new ArrayList<>();

    Router add(String method, String pattern, Access access, Endpoint endpoint) {
        routes.add(new Route(method, split(pattern), access, endpoint));
        return this;
    }

    /**
     * Finds the route for a request.
     *
     * @param rawPath the path, still percent-encoded
     * @throws ApiError 404 for an unknown path, 405 (with {@code Allow}) for a wrong method
     */
    Match match(String method, String rawPath) {
        String[] segments = split(rawPath);
        TreeSet<String> allowed = new TreeSet<>();
        for (Route route : routes) {
            String id = matches(route.pattern(), segments);
            if (id == null) {
                continue;
            }
            if (route.method().equals(method)) {
                return new Match(route, id.isEmpty() ? null : id);
            }
            allowed.add(route.method());
        }
        if (allowed.isEmpty()) {
            throw ApiError.notFound("Not Found: " + rawPath);
        }
        throw ApiError.methodNotAllowed(method + " " + rawPath, String.join(", ", allowed));
    }

    /** The {@code {id}} value ("" when the pattern has none), or null when it does not match. */
    private static String matches(String[] pattern, String[] segments) {
        if (pattern.length != segments.length) {
            return null;
        }
        String id = "";
        for (int i = 0; i < pattern.length; i++) {
            if (pattern[i].equals("{id}")) {
                String value = URLDecoder.decode(segments[i], StandardCharsets.UTF_8);
                if (value.isEmpty()) {
                    return null;
                }
                id = value;
            } else if (!pattern[i].equals(segments[i])) {
                return null;
            }
        }
        return id;
    }

    private static String[] split(String path) {
        String p = path.startsWith("/") ? path.substring(1) : path;
        return p.split("/", -1);
    }
}
