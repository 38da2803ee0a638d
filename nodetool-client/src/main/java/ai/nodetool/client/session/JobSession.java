package ai.nodetool.client.session;

import ai.nodetool.client.messages.CommandReply;
import ai.nodetool.client.messages.JobMessage;
import ai.nodetool.client.messages.JobStatus;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;

/**
 * A WebSocket session with a NodeTool server (protocol-notes §6–§9): one socket, many concurrent jobs.
 * Obtained from {@code NodeToolClient.connect()}. Thread-safe: commands may be
 * sent from any thread.
 *
 * <pre>{@code
 * try (JobSession session = client.connect()) {
 *     JobHandle job = session.runJob(RunJobRequest.builder().workflowId("wf").params(Map.of("n", 3)).build());
 *     RunResult result = job.result().join();
 * }
 * }</pre>
 *
 * <h2>Routing</h2>
 * Every job frame is routed by its {@code job_id} to that job's {@link JobHandle}. The client sends
 * its own {@code job_id} (a UUID unless set) in {@code run_job}, so it can route a job's first
 * updates even when they overtake the {@code run_job} reply (protocol-notes §7.2). A legacy server that names jobs
 * itself is handled too: the first {@code job_update} naming an unknown job is given to the oldest
 * job still waiting for its first update (jobs start in the order they were sent).
 *
 * <h2>Command replies</h2>
 * Replies carry no request id (protocol-notes §7.2): they are matched to commands by this rule. Each command
 * awaiting a reply is queued in send order. A reply goes to the oldest queued command that it can
 * answer: its shape names the command kind where the protocol allows ({@code active_jobs} →
 * {@code get_status()}, {@code status} → {@code get_status(id)}, {@code applied} →
 * {@code update_node_properties}, "Job started" → {@code run_job}, "Mode set to" →
 * {@code set_mode}, …), and a reply that carries a {@code job_id} only answers a command about that
 * job. A reply that names no kind (a generic error such as {@code {"error":"Unknown command"}})
 * answers the oldest queued command. A command whose reply does not come within
 * {@link SessionOptions#replyTimeout()} fails with a
 * {@link ai.nodetool.client.errors.NodeToolTimeoutException}. An error reply completes the command's
 * future exceptionally with {@link ai.nodetool.client.errors.CommandRejectedException}. Unmatched replies
 * are published on {@link #messages()} only.
 *
 * <h2>Resilience</h2>
 * When the socket is lost (network failure, a server restart's close 1012, a missed keep-alive),
 * the session reconnects with exponential backoff and jitter
 * ({@link SessionOptions#reconnectAttempts()}), restores the {@link Mode}, and re-attaches every
 * live job with {@code reconnect_job{job_id, last_seq}}: the server replays the frames the client
 * missed, duplicates are dropped by {@code job_seq}, and the replay header is delivered as a
 * {@link ai.nodetool.client.messages.JobResumed} (check {@code replayIncomplete()}). Against a
 * server without replay (no {@code job_seq}), it asks {@code get_status} instead. A {@code run_job}
 * is never resent. Commands pending at the loss fail with
 * {@link ai.nodetool.client.errors.NodeToolIOException}; commands sent while reconnecting fail at once with
 * the same exception. Close code 1008 or a refused upgrade (401/403) ends the session with
 * {@link ai.nodetool.client.errors.AuthenticationException}; exhausted attempts end it with
 * {@link ai.nodetool.client.errors.NodeToolIOException}. Either way every live job fails with that error.
 *
 * <h2>Closing</h2>
 * {@link #close()} closes the socket with code 1000 and ends every open job publisher and pending
 * future with {@link ai.nodetool.client.errors.SessionClosedException}. The jobs keep running on the server
 * (as NodeTool does when a browser tab closes); to stop one, cancel it first.
 */
public interface JobSession extends AutoCloseable {

    /**
     * Sends {@code run_job} and returns at once. Never resent automatically. If the request reuses
     * the id of a job still open in this session, that older handle ends at once with
     * {@link ai.nodetool.client.errors.JobCancelledException} (the server cancels the older run,
     * protocol-notes §7.6), and the new handle receives only the new run's frames. A workflow the
     * server does not know ends the job with {@link ai.nodetool.client.errors.NotFoundException}.
     *
     * @param request what to run
     * @return the job's handle; its updates are routed to it from now on
     * @throws ai.nodetool.client.errors.NodeToolIOException if the session is not connected (reconnecting)
     * @throws ai.nodetool.client.errors.SessionClosedException if the session was closed
     */
    JobHandle runJob(RunJobRequest request);

    /**
     * Like {@link #runJob} but completes when the server accepted the job.
     *
     * @param request what to run
     * @return the handle once the {@code run_job} reply arrived; fails with
     *     {@link ai.nodetool.client.errors.CommandRejectedException} when refused
     */
    CompletableFuture<JobHandle> runJobAsync(RunJobRequest request);

    /**
     * Sends {@code cancel_job}. Works for jobs of other connections too (protocol-notes §7.2). For a
     * job followed by this session it is {@link JobHandle#cancel()}: the job ends as cancelled within
     * {@link SessionOptions#cancelTimeout()}, also on a legacy server, which sends no terminal update.
     *
     * @param jobId the job
     * @return the reply ({@code "Queued job cancelled"} or {@code "Job cancellation requested"});
     *     fails with {@link ai.nodetool.client.errors.CommandRejectedException} for an unknown or finished
     *     job
     */
    CompletableFuture<CommandReply> cancelJob(String jobId);

    /**
     * Sends {@code get_status} for one job.
     *
     * @param jobId the job
     * @return its status; {@link JobStatus#NOT_FOUND} when the job is not active on this connection
     *     (Gen C answers only for this connection's jobs). For a job still open in this session,
     *     {@code not_found} ends it: as cancelled when its cancel was asked for (a legacy server
     *     forgets a cancelled job), else with {@link ai.nodetool.client.errors.JobNotFoundException}
     *     (a queued job is left alone)
     */
    CompletableFuture<JobStatus> getStatus(String jobId);

    /**
     * Sends {@code get_status} without a job id.
     *
     * @return the jobs active on this connection
     */
    CompletableFuture<List<ActiveJob>> getStatus();

    /**
     * Attaches to a job (of this or another connection) with {@code reconnect_job}: the server
     * replays the frames after {@code lastSeq} and then streams live ones.
     *
     * @param jobId the job
     * @param lastSeq the highest {@code job_seq} already seen; null or negative to replay all
     * @return the handle once the server answered; its updates start with a
     *     {@link ai.nodetool.client.messages.JobResumed} header on Gen C
     */
    CompletableFuture<JobHandle> reconnectJob(String jobId, Long lastSeq);

    /**
     * Like {@link #reconnectJob(String, Long)}, naming the workflow too.
     *
     * @param jobId the job
     * @param workflowId its workflow, or null
     * @param lastSeq the highest {@code job_seq} already seen, or null
     * @return the handle once the server answered
     */
    CompletableFuture<JobHandle> reconnectJob(String jobId, String workflowId, Long lastSeq);

    /**
     * Sends {@code set_mode}: the encoding of the frames the server sends from now on.
     *
     * @param mode binary (MessagePack) or text (JSON)
     * @return the new mode once acknowledged
     */
    CompletableFuture<Mode> setMode(Mode mode);

    /** @return the mode last acknowledged by the server ({@link Mode#BINARY} initially) */
    Mode mode();

    /**
     * Sends {@code stream_input}: one item for a streaming input node of a running job.
     *
     * @param jobId the job
     * @param input the input node's name
     * @param value the value (plain Java values, maps and lists)
     * @return the reply ({@code "Input item streamed"})
     */
    CompletableFuture<CommandReply> streamInput(String jobId, String input, Object value);

    /**
     * Like {@link #streamInput(String, String, Object)} for a named handle of the input node.
     *
     * @param jobId the job
     * @param input the input node's name
     * @param value the value
     * @param handle the handle, or null
     * @return the reply
     */
    CompletableFuture<CommandReply> streamInput(String jobId, String input, Object value, String handle);

    /**
     * Sends {@code end_input_stream}: no more items for that input.
     *
     * @param jobId the job
     * @param input the input node's name
     * @return the reply ({@code "Input stream ended"})
     */
    CompletableFuture<CommandReply> endInputStream(String jobId, String input);

    /**
     * Like {@link #endInputStream(String, String)} for a named handle.
     *
     * @param jobId the job
     * @param input the input node's name
     * @param handle the handle, or null
     * @return the reply
     */
    CompletableFuture<CommandReply> endInputStream(String jobId, String input, String handle);

    /**
     * Sends {@code update_node_properties}: changes properties of a node of a running job.
     *
     * @param jobId the job
     * @param nodeId the node
     * @param properties new property values
     * @return whether the server applied them
     */
    CompletableFuture<Boolean> updateNodeProperties(String jobId, String nodeId, Map<String, ?> properties);

    /**
     * Sends {@code clear_models}.
     *
     * @return the reply
     */
    CompletableFuture<CommandReply> clearModels();

    /**
     * Every frame the session receives from now on, job and connection-level alike (pings,
     * {@code sdk_execution_target}, {@code system_stats}, replies as
     * {@link CommandReply}, updates of unknown jobs), decoded; replayed duplicates are included.
     * Each call returns a new single-subscriber publisher with the same buffer bound as job
     * publishers. It completes when the session is closed, and fails with the session's error
     * when the session dies.
     *
     * @return a new publisher
     */
    Flow.Publisher<JobMessage> messages();

    /**
     * Sends a WebSocket RPC command (protocol-notes §7.5) with a fresh {@code request_id} and completes with the
     * {@code result} of the {@code rpc_response} carrying that id. Prefer the typed methods below.
     *
     * @param command e.g. {@code list_workflows}, {@code get_workflow}, {@code list_assets}, {@code get_asset},
     *     {@code list_nodes}, {@code get_node}
     * @param data the command's {@code data} (Jackson-serialisable values), or null
     * @return completes with the result; fails with {@link ai.nodetool.client.errors.RpcException} for an
     *     error reply, {@link ai.nodetool.client.errors.UnsupportedByServerException} on a legacy socket
     *     ({@code /predict}, nothing is sent), or a {@code NodeToolTimeoutException} when no reply came
     */
    default CompletableFuture<com.fasterxml.jackson.databind.JsonNode> rpc(String command, Map<String, ?> data) {
        return CompletableFuture.failedFuture(
                new UnsupportedOperationException("this JobSession implementation has no RPC commands"));
    }

    /**
     * {@code list_workflows}: one page of the caller's workflows.
     *
     * @param limit page size, or null for the server's default
     * @param cursor the previous page's {@code next}, or null
     * @return completes with the page
     */
    default CompletableFuture<ai.nodetool.client.workflows.WorkflowPage> listWorkflows(Integer limit, String cursor) {
        Map<String, Object> data = new java.util.LinkedHashMap<>();
        if (limit != null) {
            data.put("limit", limit);
        }
        if (cursor != null) {
            data.put("cursor", cursor);
        }
        return rpc("list_workflows", data).thenApply(r -> {
            java.util.List<ai.nodetool.client.workflows.Workflow> list = new java.util.ArrayList<>();
            r.path("workflows").forEach(w -> list.add(ai.nodetool.client.workflows.Workflow.fromJson(w)));
            com.fasterxml.jackson.databind.JsonNode next = r.get("next");
            return new ai.nodetool.client.workflows.WorkflowPage(
                    java.util.List.copyOf(list), next == null || next.isNull() ? null : next.asText());
        });
    }

    /**
     * {@code get_workflow}.
     *
     * @param id the workflow id
     * @return completes with the workflow; an unknown id fails with an {@code RpcException} of code
     *     {@code WORKFLOW_NOT_FOUND}
     */
    default CompletableFuture<ai.nodetool.client.workflows.Workflow> getWorkflow(String id) {
        return rpc("get_workflow", Map.of("id", id)).thenApply(ai.nodetool.client.workflows.Workflow::fromJson);
    }

    /**
     * {@code list_assets}: {@code {assets:[…], next}}.
     *
     * @param filters {@code parent_id}, {@code content_type}, {@code workflow_id}, {@code node_id},
     *     {@code job_id}, {@code page_size}, ... (empty for all)
     * @return completes with the answer
     */
    default CompletableFuture<com.fasterxml.jackson.databind.JsonNode> listAssets(Map<String, ?> filters) {
        return rpc("list_assets", filters);
    }

    /**
     * {@code get_asset}: the asset record (protocol-notes §11.9).
     *
     * @param id the asset id
     * @return completes with the asset
     */
    default CompletableFuture<com.fasterxml.jackson.databind.JsonNode> getAsset(String id) {
        return rpc("get_asset", Map.of("id", id));
    }

    /**
     * {@code list_nodes}: {@code {nodes:[{node_type, title, description, namespace}]}}.
     *
     * @param filters {@code namespace}, {@code query}, {@code fields} ({@code summary}/{@code full}),
     *     {@code limit} (empty for all)
     * @return completes with the answer
     */
    default CompletableFuture<com.fasterxml.jackson.databind.JsonNode> listNodes(Map<String, ?> filters) {
        return rpc("list_nodes", filters);
    }

    /**
     * {@code get_node}: a node type's full metadata.
     *
     * @param nodeType e.g. {@code nodetool.text.Concat}
     * @return completes with the metadata; an unknown type fails with an {@code RpcException} of code
     *     {@code NOT_FOUND}
     */
    default CompletableFuture<com.fasterxml.jackson.databind.JsonNode> getNode(String nodeType) {
        return rpc("get_node", Map.of("node_type", nodeType));
    }

    /**
     * The {@code runner_id} a current server announced for this connection in its {@code sdk_execution_target}
     * frame (protocol-notes §6.3): pass it to a preflight ({@code PreflightRequest.Builder.runner}) to check
     * this live connection's capacity. It is bound to the connection and changes after a reconnect.
     *
     * @return the latest announced id; empty on legacy servers, or before the frame arrived
     */
    default java.util.Optional<String> runnerId() {
        return java.util.Optional.empty();
    }

    /** @return the WebSocket URL in use ({@code api_key} removed) */
    String url();

    /** @return true while connected (false while reconnecting and after the session ended) */
    boolean isOpen();

    /**
     * Closes the socket with code 1000 and ends every open publisher and future with
     * {@link ai.nodetool.client.errors.SessionClosedException}. Jobs keep running on the server. Stops
     * the session's threads. Idempotent; never throws.
     */
    @Override
    void close();
}
