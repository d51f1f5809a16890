/**
 * The sference shell: {@link com.sference.script.Sference}, a static-import DSL over the sference
 * client for JShell and scripts.
 *
 * <p>System properties read: {@code sference.terminal} ({@code true} or {@code false}: whether
 * progress is drawn as a bar redrawn in place; by default, whether a terminal is attached) and
 * {@code sference.home} (the checkout {@code bin/sference-shell} runs from; read by the
 * quickstart script, not by this module). Environment variables read by {@code connect()}:
 * {@code SFERENCE_API_KEY} and {@code SFERENCE_BASE_URL}.
 *
 * @since 0.1
 */
module com.sference.script {
    requires transitive com.sference;
    requires com.sference.testkit;

    exports com.sference.script;

    uses com.sference.transport.TransportProvider;
}
