package com.sference.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sference.AuthenticationException;
import com.sference.PermissionDeniedException;
import com.sference.SferenceClient;
import com.sference.model.Caller;
import com.sference.model.CreateResponseRequest;
import com.sference.model.LoginResponse;
import com.sference.testkit.RecordedRequest;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

@ParameterizedClass(name = "{0}")
@MethodSource("com.sference.it.Transports#names")
class AuthTest extends EmulatorPerClass {

    @Test
    void meDescribesTheKey() {
        Caller me = client.auth().me();
        assertFalse(me.id().isEmpty());
    }

    @Test
    void loginReplacesTheKeyWithTheToken() {
        try (SferenceClient anonymous = SferenceClient.builder().baseUrl(emulator.baseUrl()).transport(transport).build()) {
            assertThrows(AuthenticationException.class, () -> anonymous.auth().me());
            LoginResponse login = anonymous.auth().login("ada", "lovelace");
            assertEquals("bearer", login.tokenType());
            assertEquals("ada", login.user().username());
            assertFalse(login.toString().contains(login.accessToken()));
            emulator.clearRequests();
            Caller me = anonymous.auth().me();
            assertFalse(me.id().isEmpty());
            assertEquals("Bearer " + login.accessToken(), lastRequest().header("authorization").orElseThrow());
        }
    }

    @Test
    void wrongPasswordIsAnAuthenticationError() {
        AuthenticationException e = assertThrows(AuthenticationException.class,
                () -> client.auth().login("ada", "babbage"));
        assertEquals(401, e.status());
        assertFalse(e.getMessage().contains("babbage"));
    }

    @Test
    void unknownKeyIsAnAuthenticationErrorThatDoesNotEchoTheKey() {
        try (SferenceClient wrong = Transports.builder(emulator, transport).apiKey("sk_wrong_secret").build()) {
            AuthenticationException e = assertThrows(AuthenticationException.class, () -> wrong.batches().list());
            assertFalse(e.getMessage().contains("sk_wrong_secret"), e.getMessage());
            assertFalse(e.body().contains("sk_wrong_secret"), e.body());
        }
    }

    @Test
    void aReadOnlyKeyMayReadResponsesButNotCreateThem() {
        try (SferenceClient readOnly = Transports.builder(emulator, transport).apiKey(READ_ONLY_KEY).build()) {
            assertTrue(readOnly.responses().list().data().size() >= 0);
            PermissionDeniedException e = assertThrows(PermissionDeniedException.class,
                    () -> readOnly.responses().create(CreateResponseRequest.ask(MODEL, "hi")));
            assertEquals(403, e.status());
        }
    }

    @Test
    void everyRequestCarriesTheSdkUserAgentAndTheBearerKey() {
        emulator.clearRequests();
        client.batches().list();
        RecordedRequest request = lastRequest();
        assertTrue(request.header("user-agent").orElseThrow().startsWith("sference-java/"));
        assertEquals("Bearer " + emulator.apiKey(), request.header("authorization").orElseThrow());
    }

    private static RecordedRequest lastRequest() {
        List<RecordedRequest> requests = emulator.requests();
        return requests.get(requests.size() - 1);
    }
}
