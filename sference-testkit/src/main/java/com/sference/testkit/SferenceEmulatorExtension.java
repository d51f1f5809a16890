package com.sference.testkit;

import java.util.Objects;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * A JUnit 5 extension that runs one {@link SferenceEmulator} per test class and passes it to
 * constructors, test methods and lifecycle methods that declare a {@code SferenceEmulator}
 * parameter. The emulator is closed after the class's last test.
 *
 * <p>With default options:
 *
 * <pre>{@code
 * @ExtendWith(SferenceEmulatorExtension.class)
 * class BatchesTest {
 *     @Test
 *     void submits(SferenceEmulator emulator) { ... }
 * }
 * }</pre>
 *
 * <p>With options, register it in a static field:
 *
 * <pre>{@code
 * @RegisterExtension
 * static final SferenceEmulatorExtension EMULATOR = new SferenceEmulatorExtension(
 *     EmulatorOptions.builder().stepDelay(Duration.ZERO).build());
 * }</pre>
 *
 * <p>Nested test classes share their enclosing class's emulator. Registered in an instance field
 * instead, the extension starts one emulator per test method (needs JUnit 5.13 or later, which
 * closes {@link AutoCloseable} values of its store).
 *
 * @since 0.1
 */
public final class SferenceEmulatorExtension implements BeforeAllCallback, AfterAllCallback, ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(SferenceEmulatorExtension.class);

    private final EmulatorOptions options;
    private final Object key = new Object();

    /** Creates the extension with {@link EmulatorOptions#defaults()}. */
    public SferenceEmulatorExtension() {
        this(EmulatorOptions.defaults());
    }

    /**
     * Creates the extension with the given options.
     *
     * @param options the options of the emulators it starts
     */
    public SferenceEmulatorExtension(EmulatorOptions options) {
        this.options = Objects.requireNonNull(options, "options");
    }

    /**
     * Starts the emulator of a test class, unless an enclosing class already has one.
     *
     * @param context the class's context
     */
    @Override
    public void beforeAll(ExtensionContext context) {
        emulator(context);
    }

    /**
     * Closes the emulator that this class started, if it started one.
     *
     * @param context the class's context
     */
    @Override
    public void afterAll(ExtensionContext context) {
        Started started = context.getStore(NAMESPACE).remove(key, Started.class);
        if (started != null) {
            started.emulator.close();
        }
    }

    /**
     * Tells whether a parameter is a {@link SferenceEmulator}.
     *
     * @param parameterContext the parameter
     * @param extensionContext the context
     * @return true for {@code SferenceEmulator} parameters
     */
    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return parameterContext.getParameter().getType() == SferenceEmulator.class;
    }

    /**
     * Returns the emulator of the current test class.
     *
     * @param parameterContext the parameter
     * @param extensionContext the context
     * @return the running emulator
     */
    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return emulator(extensionContext);
    }

    private SferenceEmulator emulator(ExtensionContext context) {
        return context.getStore(NAMESPACE)
                .getOrComputeIfAbsent(key, k -> new Started(SferenceEmulator.start(options)), Started.class)
                .emulator;
    }

    /** The store value; closing it (JUnit 5.13+ does so for AutoCloseable values) stops the emulator. */
    private static final class Started implements AutoCloseable {
        final SferenceEmulator emulator;

        Started(SferenceEmulator emulator) {
            this.emulator = emulator;
        }

        @Override
        public void close() {
            emulator.close();
        }
    }
}
