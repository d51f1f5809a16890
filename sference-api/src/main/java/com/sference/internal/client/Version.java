package com.sference.internal.client;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** The SDK's version, as Maven wrote it into {@code version.properties}. */
public final class Version {
    /** The SDK version, for example {@code 0.1.0}. */
    public static final String SDK = load();

    private Version() {}

    /** {@return the {@code User-Agent} the SDK sends} */
    public static String userAgent() {
        return "sference-java/" + SDK;
    }

    private static String load() {
        try (InputStream in = Version.class.getResourceAsStream("version.properties")) {
            if (in == null) {
                return "unknown";
            }
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("version", "unknown");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
