/**
 * The sference SDK: clients, models and the Transport SPI.
 *
 * <p>System properties and environment variables read: {@code sference.transport} /
 * {@code SFERENCE_TRANSPORT} (which transport to use), {@code SFERENCE_API_KEY},
 * {@code SFERENCE_BASE_URL} (by {@code SferenceClient.fromEnv()}), {@code SFERENCE_LOG}
 * ({@code debug} logs every request), {@code SFERENCE_STREAM_CHECKPOINTS} and the system property
 * {@code user.home} (where {@code CheckpointStore.file()} keeps stream checkpoints).
 */
module com.sference {
    requires com.google.gson;

    exports com.sference;
    exports com.sference.model;
    exports com.sference.transport;

    uses com.sference.transport.TransportProvider;
}
