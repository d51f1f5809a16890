package com.sference.transport.jdk;

import com.sference.testkit.tck.TransportContractTest;
import com.sference.transport.Transport;
import com.sference.transport.TransportConfig;

/** Runs the transport contract suite against the {@code jdk} transport. */
class JdkTransportContractTest extends TransportContractTest {

    @Override
    protected Transport createTransport(TransportConfig config) {
        return new JdkTransportProvider().create(config);
    }
}
