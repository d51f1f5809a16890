package com.sference.testkit.internal;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.TreeSet;

/** {@code POST /v1/auth/login} and {@code GET /v1/auth/me}. */
final class AuthHandler {

    private final Auth auth;

    AuthHandler(Auth auth) {
        this.auth = auth;
    }

    Reply login(Call call) {
        JsonObject body = call.jsonObject();
        Violations v = new Violations();
        String username = string(body, "username", v);
        String password = string(body, "password", v);
        v.throwIfAny();
        Principal principal = auth.login(username, password);
        JsonObject user = new JsonObject();
        user.addProperty("id", principal.id());
        user.addProperty("username", principal.username());
        JsonObject o = new JsonObject();
        o.addProperty("access_token", principal.credential());
        o.addProperty("token_type", "bearer");
        o.add("user", user);
        return Reply.ok(o);
    }

    Reply me(Call call) {
        Principal p = call.principal();
        JsonArray scopes = new JsonArray();
        new TreeSet<>(p.scopes()).forEach(scopes::add);
        JsonObject o = new JsonObject();
        o.addProperty("id", p.id());
        o.add("username", Json.string(p.username()));
        o.addProperty("auth_type", p.username() == null ? "api_key" : "token");
        o.add("key_prefix", Json.string(p.username() == null ? prefix(p.credential()) : null));
        o.add("scopes", scopes);
        return Reply.ok(o);
    }

    private static String prefix(String key) {
        return key.substring(0, Math.min(6, key.length()));
    }

    private static String string(JsonObject body, String name, Violations v) {
        JsonElement e = body.get(name);
        if (e == null) {
            v.add(Json.loc("body", name), "Field required", "missing");
            return null;
        }
        if (!Json.isString(e)) {
            v.add(Json.loc("body", name), "Input should be a valid string", "string_type");
            return null;
        }
        return e.getAsString();
    }
}
