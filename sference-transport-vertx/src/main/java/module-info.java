/**
 * The sference {@link com.sference.transport.Transport} over Vert.x 5 ({@code io.vertx:vertx-web-client}).
 *
 * <p>The module reads no system properties of its own; Vert.x's own ({@code vertx.*}) apply as usual.
 *
 * <p>Its artifact depends on {@code vertx-web-client} without the Jackson 3 jars
 * ({@code tools.jackson.core:jackson-core} and {@code jackson-databind}) that {@code vertx-core}'s
 * POM adds on JDK 21 and later for an optional JSON codec: the transport maps no JSON with Vert.x,
 * whose default codec uses Jackson 2's {@code jackson-core}, which does come along. An application
 * that uses Vert.x's Jackson 3 codec adds those two artifacts itself.
 *
 * @provides com.sference.transport.TransportProvider the {@code vertx} transport
 * @since 0.1
 */
module com.sference.transport.vertx {
    requires com.sference;
    requires io.vertx.core;
    requires io.vertx.web.client;

    exports com.sference.transport.vertx;

    provides com.sference.transport.TransportProvider with com.sference.transport.vertx.VertxTransportProvider;
}
