/**
 * The sference SDK: clients, models and the Transport SPI.
 *
 * <p>System properties read:
 * <ul>
 *   <li>{@code sference.transport}: which transport a client builder uses when it is given none
 *       (see {@code SferenceClient.Builder.transport(String)});
 *   <li>{@code user.home}: under it, {@code .sference/stream_checkpoints.json} is the file of
 *       {@code CheckpointStore.file()} when {@code SFERENCE_STREAM_CHECKPOINTS} is not set.
 * </ul>
 *
 * <p>Environment variables read:
 * <ul>
 *   <li>{@code SFERENCE_TRANSPORT}: which transport to use, after {@code sference.transport};
 *   <li>{@code SFERENCE_API_KEY} and {@code SFERENCE_BASE_URL}: by {@code SferenceClient.fromEnv()}
 *       and {@code SferenceClient.Builder.fromEnv()} only;
 *   <li>{@code SFERENCE_LOG}: {@code debug} lifts the request log from {@code DEBUG} to
 *       {@code INFO};
 *   <li>{@code SFERENCE_STREAM_CHECKPOINTS}: the file of {@code CheckpointStore.file()}.
 * </ul>
 *
 * <p>The module logs through {@link java.lang.System.Logger} named {@code com.sference}.
 *
 * @uses com.sference.transport.TransportProvider the transports a client can be built with
 * @since 0.1
 */
module com.sference {
    requires com.google.gson;

    exports com.sference;
    exports com.sference.model;
    exports com.sference.transport;

    uses com.sference.transport.TransportProvider;
}
