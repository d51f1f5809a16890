package com.sference.testkit.internal;

import java.util.Set;

/**
 * An authenticated caller.
 *
 * @param id a stable id of the caller
 * @param credential the key or token it presented (the idempotency namespace)
 * @param username the login name, or null for an API key
 * @param scopes the scopes the credential carries
 */
record Principal(String id, String credential, String username, Set<String> scopes) {
}
