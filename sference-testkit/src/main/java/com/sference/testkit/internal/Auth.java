package com.sference.testkit.internal;

import com.sference.testkit.EmulatorOptions;
import com.sun.net.httpserver.Headers;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** API keys with scopes, logins and the tokens logins hand out. */
final class Auth {

    private static final Set<String> BOTH_SCOPES =
            Set.of(EmulatorOptions.RESPONSES_READ, EmulatorOptions.RESPONSES_WRITE);

    private final Map<String, Principal> keys = new ConcurrentHashMap<>();
    private final Map<String, String> logins;
    private final Map<String, Principal> tokens = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();

    Auth(Map<String, Set<String>> keys, Map<String, String> logins) {
        keys.forEach((key, scopes) -> this.keys.put(key,
                new Principal("key_" + hash(key), key, null, Set.copyOf(scopes))));
        this.logins = Map.copyOf(logins);
    }

    /**
     * Finds the caller of a request and checks the scope the route needs.
     *
     * @throws ApiError 401 without a known credential, 403 without the scope
     */
    Principal authenticate(Headers headers, Access access) {
        String credential = credential(headers);
        if (credential == null) {
            throw ApiError.unauthorized("Not authenticated: send Authorization: Bearer <key> or X-API-Key");
        }
        Principal principal = keys.get(credential);
        if (principal == null) {
            principal = tokens.get(credential);
        }
        if (principal == null) {
            throw ApiError.unauthorized("Invalid API key or token");
        }
        String scope = access.scope();
        if (scope != null && !principal.scopes().contains(scope)) {
            throw ApiError.forbidden("This credential lacks the scope " + scope);
        }
        return principal;
    }

    /** The bearer token, else the {@code X-API-Key} value, else null. */
    private static String credential(Headers headers) {
        String authorization = headers.getFirst("Authorization");
        if (authorization != null) {
            String trimmed = authorization.trim();
            if (trimmed.length() > 7 && trimmed.substring(0, 7).toLowerCase(Locale.ROOT).equals("bearer ")) {
                return trimmed.substring(7).trim();
            }
        }
        String apiKey = headers.getFirst("X-API-Key");
        return apiKey == null || apiKey.isBlank() ? null : apiKey.trim();
    }

    /**
     * Checks a username and password and issues a new token with both response scopes.
     *
     * @return the principal of the new token
     * @throws ApiError 401 for unknown users or wrong passwords
     */
    Principal login(String username, String password) {
        String expected = logins.get(username);
        if (expected == null || !MessageDigest.isEqual(
                expected.getBytes(StandardCharsets.UTF_8), password.getBytes(StandardCharsets.UTF_8))) {
            throw ApiError.unauthorized("Incorrect username or password");
        }
        byte[] bytes = new byte[24];
        random.nextBytes(bytes);
        String token = "tok_" + HexFormat.of().formatHex(bytes);
        Principal principal = new Principal("user_" + hash(username), token, username, BOTH_SCOPES);
        tokens.put(token, principal);
        return principal;
    }

    private static String hash(String text) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
