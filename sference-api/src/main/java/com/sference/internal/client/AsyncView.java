package com.sference.internal.client;

import com.sference.AsyncAuth;
import com.sference.AsyncBatches;
import com.sference.AsyncResponses;
import com.sference.AsyncStreams;
import com.sference.SferenceAsyncClient;

/** The async resource groups of one client. */
record AsyncView(AsyncAuth auth, AsyncBatches batches, AsyncResponses responses, AsyncStreams streams)
        implements SferenceAsyncClient {}
