package com.sference.internal.client;

import com.sference.AsyncAuth;
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

    AsyncAuthImpl(ApiCaller caller, AtomicReference<String> credential) {
        this.caller = caller;
        this.credential = credential;
    }

    @Override
    public CompletableFuture<LoginResponse> login(String username, String password) {
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(password, "password");
        Map<String, String> body = new LinkedHashMap<>();
        body.put("username", username);
        body.put("password", password);
        return caller.<LoginResponse>json("POST", "/v1/auth/login", body, LoginResponse.class)
                .thenApply(login -> {
                    credential.set(login.accessToken());
                    return login;
                });
    }

    @Override
    public CompletableFuture<Caller> me() {
        return caller.json("GET", "/v1/auth/me", null, Caller.class);
    }
}
