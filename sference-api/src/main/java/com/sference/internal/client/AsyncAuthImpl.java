package com.sference.internal.client;

import com.sference.AsyncAuth;
import com.sference.SferenceException;
import com.sference.model.Caller;
import com.sference.model.LoginResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;

final class AsyncAuthImpl implements AsyncAuth {
    private final ApiCaller caller;
    private final AtomicReference<String> credential;
    private final boolean plainHttpToRemote;

    /**
     * @param plainHttpToRemote whether the base URL is plain http to a host that is not loopback,
     *     and the builder did not allow that: then no password or token is ever sent
     */
    AsyncAuthImpl(ApiCaller caller, AtomicReference<String> credential, boolean plainHttpToRemote) {
        this.caller = caller;
        this.credential = credential;
        this.plainHttpToRemote = plainHttpToRemote;
    }

    @Override
    public CompletableFuture<LoginResponse> login(String username, String password) {
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(password, "password");
        if (plainHttpToRemote) {
            return CompletableFuture.failedFuture(new SferenceException("refusing to send a password over plain http to "
                    + caller.baseUrl().getHost() + "; use https, or allowInsecureHttp(true) if this network is trusted"));
        }
        Map<String, String> body = new LinkedHashMap<>();
        body.put("username", username);
        body.put("password", password);
        return Futures.map(caller.<LoginResponse>json("POST", "/v1/auth/login", body, LoginResponse.class), login -> {
            credential.set(login.accessToken());
            return login;
        });
    }

    @Override
    public CompletableFuture<Caller> me() {
        return caller.json("GET", "/v1/auth/me", null, Caller.class);
    }
}
