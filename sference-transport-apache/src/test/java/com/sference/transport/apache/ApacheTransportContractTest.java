package com.sference.transport.apache;

import com.sference.testkit.tck.TransportContractTest;
import com.sference.transport.Transport;
import com.sference.transport.TransportConfig;

/** Runs the transport contract suite against the {@code apache} transport. */
class ApacheTransportContractTest extends TransportContractTest {

    @Override
    protected Transport createTransport(TransportConfig config) {
        return new ApacheTransportProvider().create(config);
    }
}
