package com.sference;

import com.sference.model.Caller;
import com.sference.model.LoginResponse;
import java.util.concurrent.CompletableFuture;

/**
 * {@link Auth} without blocking: each method returns at once, and its future completes with the
 * result or fails with a {@link SferenceException}.
 *
 * @since 0.1
 */
public interface AsyncAuth {
    /**
     * See {@link Auth#login}.
     *
     * @param username the user name
     * @param password the password, never logged
     * @return a future of the token and its user
     */
    CompletableFuture<LoginResponse> login(String username, String password);

    /**
     * See {@link Auth#me}.
     *
     * @return a future of who the client's credentials belong to
     */
    CompletableFuture<Caller> me();
}
