/**
 * The sference {@link com.sference.transport.Transport} over Vert.x 5 ({@code io.vertx:vertx-web-client}).
 *
 * <p>The module reads no system properties of its own; Vert.x's own ({@code vertx.*}) apply as usual.
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
