package com.sference.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class AuthTest {

    @RegisterExtension
    static final SferenceEmulatorExtension EMULATOR = new SferenceEmulatorExtension(EmulatorOptions.builder()
            .stepDelay(Duration.ZERO)
            .key("sk_test")
            .key("sk_ro", Set.of(EmulatorOptions.RESPONSES_READ))
            .key("sk_none", Set.of())
            .login("alice", "secret")
            .build());

    private static final String RESPONSE = "{\"model\":\"m\",\"input\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

    @Test
    void bearerKeyIsAccepted(SferenceEmulator emulator) {
        Http.Res me = new Http(emulator).get("/v1/auth/me");
        assertEquals(200, me.status(), me.toString());
        assertTrue(me.str("id").startsWith("key_"));
        assertEquals("sk_tes", me.str("key_prefix"));
        JsonArray scopes = me.array("scopes");
        assertEquals("[\"responses:read\",\"responses:write\"]", scopes.toString());
    }

    @Test
    void xApiKeyHeaderIsAccepted(SferenceEmulator emulator) {
        Http http = new Http(emulator).as(null);
        Http.Res me = http.send(http.request("/v1/auth/me").header("X-API-Key", "sk_test").GET());
        assertEquals(200, me.status(), me.toString());
        assertEquals(new Http(emulator).get("/v1/auth/me").str("id"), me.str("id"));
    }

    @Test
    void missingCredentialIs401WithBothErrorShapes(SferenceEmulator emulator) {
        Http.Res res = new Http(emulator).as(null).get("/v1/batches");
        assertEquals(401, res.status());
        assertTrue(res.detail().contains("Not authenticated"));
        JsonObject error = res.json().getAsJsonObject("error");
        assertEquals("authentication_error", error.get("type").getAsString());
        assertEquals(res.detail(), error.get("message").getAsString());
        assertEquals("Bearer", res.headers().firstValue("WWW-Authenticate").orElseThrow());
    }

    @Test
    void unknownKeyIs401(SferenceEmulator emulator) {
        assertEquals(401, new Http(emulator).as("sk_wrong").get("/v1/auth/me").status());
        Http http = new Http(emulator).as(null);
        assertEquals(401, http.send(http.request("/v1/streams").header("X-API-Key", "nope").GET()).status());
    }

    @Test
    void readOnlyKeyReadsResponsesButCannotWriteThem(SferenceEmulator emulator) {
        Http ro = new Http(emulator).as("sk_ro");
        assertEquals(200, ro.get("/v1/responses").status());
        Http.Res created = ro.post("/v1/responses", RESPONSE);
        assertEquals(403, created.status(), created.toString());
        assertEquals("permission_error", created.json().getAsJsonObject("error").get("type").getAsString());
        String id = new Http(emulator).post("/v1/responses", RESPONSE).str("id");
        assertEquals(403, ro.delete("/v1/responses/" + id).status());
        assertEquals(403, ro.post("/v1/responses/" + id + "/cancel", "").status());
        assertEquals(200, ro.get("/v1/responses/" + id).status());
    }

    @Test
    void keyWithoutScopesStillUsesBatchesStreamsAndMe(SferenceEmulator emulator) {
        Http none = new Http(emulator).as("sk_none");
        assertEquals(200, none.get("/v1/auth/me").status());
        assertEquals(200, none.get("/v1/batches").status());
        assertEquals(200, none.post("/v1/streams", "{\"name\":\"s\",\"window\":\"1h\"}").status());
        assertEquals(403, none.get("/v1/responses").status());
    }

    @Test
    void loginIssuesATokenWithBothResponseScopes(SferenceEmulator emulator) {
        Http anonymous = new Http(emulator).as(null);
        Http.Res login = anonymous.post("/v1/auth/login", "{\"username\":\"alice\",\"password\":\"secret\"}");
        assertEquals(200, login.status(), login.toString());
        assertEquals("bearer", login.str("token_type"));
        JsonObject user = login.json().getAsJsonObject("user");
        assertEquals("alice", user.get("username").getAsString());
        assertTrue(user.get("id").getAsJsonPrimitive().isString());
        String token = login.str("access_token");
        Http asAlice = anonymous.as(token);
        Http.Res me = asAlice.get("/v1/auth/me");
        assertEquals(200, me.status());
        assertEquals(user.get("id").getAsString(), me.str("id"));
        assertEquals("alice", me.str("username"));
        assertEquals(200, asAlice.post("/v1/responses", RESPONSE).status());
        assertEquals(200, asAlice.get("/v1/responses").status());
        String second = anonymous.post("/v1/auth/login", "{\"username\":\"alice\",\"password\":\"secret\"}")
                .str("access_token");
        assertNotEquals(token, second);
    }

    @Test
    void badLoginIs401AndMalformedLoginIs422(SferenceEmulator emulator) {
        Http anonymous = new Http(emulator).as(null);
        assertEquals(401, anonymous.post("/v1/auth/login", "{\"username\":\"alice\",\"password\":\"nope\"}").status());
        assertEquals(401, anonymous.post("/v1/auth/login", "{\"username\":\"bob\",\"password\":\"secret\"}").status());
        Http.Res missing = anonymous.post("/v1/auth/login", "{\"username\":\"alice\"}");
        assertEquals(422, missing.status());
        JsonObject detail = missing.array("detail").get(0).getAsJsonObject();
        assertEquals("[\"body\",\"password\"]", detail.getAsJsonArray("loc").toString());
        assertEquals("missing", detail.get("type").getAsString());
    }

    @Test
    void recordedRequestsShowTheAuthorizationHeaderButToStringRedactsIt(SferenceEmulator emulator) {
        emulator.clearRequests();
        new Http(emulator).send(new Http(emulator).request("/v1/auth/me").header("User-Agent", "auth-test/1").GET());
        RecordedRequest r = emulator.requests().get(0);
        assertEquals("Bearer sk_test", r.header("Authorization").orElseThrow());
        assertEquals("auth-test/1", r.header("user-agent").orElseThrow());
        assertFalse(r.toString().contains("sk_test"), r.toString());
        assertTrue(r.headers().keySet().stream().allMatch(k -> k.equals(k.toLowerCase(java.util.Locale.ROOT))));
    }

    @Test
    void bearerWinsOverXApiKey(SferenceEmulator emulator) {
        Http http = new Http(emulator).as("sk_ro");
        HttpRequest.Builder b = http.request("/v1/responses").header("X-API-Key", "sk_test")
                .POST(HttpRequest.BodyPublishers.ofString(RESPONSE));
        assertEquals(403, http.send(b).status());
    }
}
