package com.sference.testkit;

/**
 * The form in which the emulator writes the items of a Response's {@code output} list.
 *
 * <p>The sference contract's own form is {@link #FLAT}, which the Python SDK 0.0.1 validates.
 * OpenAI's client libraries only understand {@link #MESSAGE} items (openai-java rejects any
 * other item type when a response is validated). Both carry the same text, and the Java SDK
 * accepts either; no single item satisfies both kinds of client, hence {@link #AUTO}.
 *
 * @since 0.1
 */
public enum OutputForm {

    /**
     * {@link #MESSAGE} for requests from OpenAI's client libraries (those sending an
     * {@code X-Stainless-Lang} header or a {@code User-Agent} starting with {@code OpenAI}, such
     * as {@code OpenAI/Python 1.x} or {@code OpenAIClientImpl/Java 4.x}), {@link #FLAT} for every
     * other client.
     */
    AUTO,

    /** Items shaped {@code {"type":"output_text","text":"..."}}. */
    FLAT,

    /**
     * OpenAI's nested items, shaped {@code {"type":"message","id":"...","status":"completed",
     * "role":"assistant","content":[{"type":"output_text","text":"...","annotations":[]}]}}.
     */
    MESSAGE
}
