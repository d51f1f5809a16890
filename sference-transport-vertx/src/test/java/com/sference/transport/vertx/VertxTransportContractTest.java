package com.sference.transport.vertx;

import com.sference.testkit.tck.TransportContractTest;
import com.sference.transport.Transport;
import com.sference.transport.TransportConfig;

/** Runs the transport contract suite against the {@code vertx} transport. */
class VertxTransportContractTest extends TransportContractTest {

    @Override
    protected Transport createTransport(TransportConfig config) {
        return new VertxTransportProvider().create(config);
    }
}
