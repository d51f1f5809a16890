package com.sference.internal.client;

import com.sference.AsyncAuth;
import com.sference.Auth;
import com.sference.model.Caller;
import com.sference.model.LoginResponse;

/** {@link Auth} as the blocking face of {@link AsyncAuth}. */
final class SyncAuth implements Auth {
    private final AsyncAuth async;

    SyncAuth(AsyncAuth async) {
        this.async = async;
    }

    @Override
    public LoginResponse login(String username, String password) {
        return Futures.join(async.login(username, password));
    }

    @Override
    public Caller me() {
        return Futures.join(async.me());
    }
}
