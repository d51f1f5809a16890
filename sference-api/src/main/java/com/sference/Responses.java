package com.sference;

import com.sference.model.CreateResponseRequest;
import com.sference.model.Response;
import com.sference.model.ResponsePage;
import com.sference.model.ResponseQuery;
import com.sference.model.WaitOptions;

/**
 * OpenAI-compatible response jobs, each run in the background. Blocking; see
 * {@link AsyncResponses} for the async twin. Needs a key with {@code responses:read} and
 * {@code responses:write}.
 *
 * <pre>{@code
 * Response done = client.responses().createAndWait(
 *         CreateResponseRequest.ask("Qwen/Qwen2.5-7B-Instruct", "Hello"));
 * System.out.println(done.outputText());
 * }</pre>
 *
 * @since 0.1
 */
public interface Responses {
    /**
     * Creates a response job.
     *
     * @param request the job
     * @return the job, normally {@code in_progress}
     * @throws NotFoundException if {@code metadata.stream_id} names no stream
     * @throws ConflictException if that stream is not open
     * @throws UnprocessableEntityException if the server rejects a field
     */
    Response create(CreateResponseRequest request);

    /**
     * {@return the response {@code id}}
     *
     * @param id the response id
     * @throws NotFoundException if there is none
     */
    Response get(String id);

    /** {@return the newest 100 responses} */
    ResponsePage list();

    /**
     * {@return the responses {@code query} selects, newest first}
     *
     * @param query which responses: a limit, a stream
     */
    ResponsePage list(ResponseQuery query);

    /**
     * Cancels a job that is not terminal; a terminal one is returned unchanged.
     *
     * @param id the response id
     * @return the response after the call
     */
    Response cancel(String id);

    /**
     * Polls a response until it is terminal.
     *
     * @param id the response id
     * @param options how often to poll and how long to wait
     * @return the terminal response
     * @throws WaitTimeoutException if it is not terminal in time
     */
    Response waitForCompletion(String id, WaitOptions options);

    /**
     * Creates a job and waits for it with {@link WaitOptions#DEFAULT}.
     *
     * @param request the job
     * @return the terminal response
     * @throws WaitTimeoutException if it is not terminal in time
     */
    Response createAndWait(CreateResponseRequest request);

    /**
     * Creates a job and polls it until it is terminal.
     *
     * @param request the job
     * @param options how often to poll and how long to wait
     * @return the terminal response
     * @throws WaitTimeoutException if it is not terminal in time
     */
    Response createAndWait(CreateResponseRequest request, WaitOptions options);
}
