package com.sference;

import com.sference.model.Caller;
import com.sference.model.LoginResponse;

/**
 * Logging in and finding out who the client is. Blocking; see {@link AsyncAuth} for the async twin.
 *
 * @since 0.1
 */
public interface Auth {
    /**
     * Logs in with a user name and password; from then on the client sends the returned token
     * instead of its API key.
     *
     * @param username the user name
     * @param password the password, never logged
     * @return the token and its user
     * @throws AuthenticationException if the credentials are wrong
     */
    LoginResponse login(String username, String password);

    /**
     * {@return who the client's credentials belong to}
     *
     * @throws AuthenticationException if the key or token is missing or unknown
     */
    Caller me();
}
