package ai.nodetool.client.internal.assets;

import ai.nodetool.client.messages.CommandReply;
import ai.nodetool.client.messages.JobMessage;
import ai.nodetool.client.messages.JobStatus;
import ai.nodetool.client.session.ActiveJob;
import ai.nodetool.client.session.JobHandle;
import ai.nodetool.client.session.JobSession;
import ai.nodetool.client.session.Mode;
import ai.nodetool.client.session.RunJobRequest;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.Flow;

/**
 * The session handed to users: it resolves local assets in {@code run_job} params and {@code stream_input}
 * values (uploading them over HTTP first, see {@link AssetResolver}) and otherwise delegates to the socket's
 * session unchanged. Kept outside the session package so that the session itself knows nothing of HTTP
 * uploads.
 */
public final class AssetResolvingSession implements JobSession {
    private final JobSession delegate;
    private final AssetResolver assets;
    private final Executor executor;
    private final ai.nodetool.client.internal.rpc.RpcCalls rpc;
    private final java.util.concurrent.atomic.AtomicReference<String> runnerId =
            new java.util.concurrent.atomic.AtomicReference<>();

    /**
     * @param delegate the socket's session
     * @param assets resolves local assets
     * @param executor where asynchronous uploads run
     */
    public AssetResolvingSession(JobSession delegate, AssetResolver assets, Executor executor) {
        this.delegate = delegate;
        this.assets = assets;
        this.executor = executor;
        this.rpc = delegate instanceof ai.nodetool.client.internal.session.DefaultJobSession
                ? new ai.nodetool.client.internal.rpc.RpcCalls(
                        ((ai.nodetool.client.internal.session.DefaultJobSession) delegate)::sendRaw,
                        delegate.url(),
                        ((ai.nodetool.client.internal.session.DefaultJobSession) delegate).replyTimeout())
                : null;
        watchExecutionTarget();
    }

    /**
     * Remembers the runner id of {@code sdk_execution_target} frames. The server sends the first one right after
     * the upgrade; this session is built while the socket's open callback runs, before any frame is read, so
     * the subscription sees it (in binary mode; a text-mode session misses the first one and sees those after a
     * reconnect).
     */
    private void watchExecutionTarget() {
        // Connection-level frames are all it needs: the session's own listener then costs the job
        // frames nothing (issue 15).
        Flow.Publisher<JobMessage> frames = delegate instanceof ai.nodetool.client.internal.session.DefaultJobSession
                ? ((ai.nodetool.client.internal.session.DefaultJobSession) delegate).connectionMessages()
                : delegate.messages();
        frames.subscribe(new Flow.Subscriber<JobMessage>() {
            @Override
            public void onSubscribe(Flow.Subscription s) {
                s.request(Long.MAX_VALUE);
            }

            @Override
            public void onNext(JobMessage m) {
                if (rpc != null) {
                    rpc.onMessage(m);
                }
                if (m instanceof ai.nodetool.client.messages.SdkExecutionTarget) {
                    String id = ((ai.nodetool.client.messages.SdkExecutionTarget) m).runnerId();
                    if (id != null && !id.isEmpty()) {
                        runnerId.set(id);
                    }
                }
            }

            @Override
            public void onError(Throwable t) {
                if (rpc != null) {
                    rpc.failAll(t);
                }
            }

            @Override
            public void onComplete() {
                if (rpc != null) {
                    rpc.failAll(new ai.nodetool.client.errors.SessionClosedException("the session ended"));
                }
            }
        });
    }

    @Override
    public java.util.concurrent.CompletableFuture<com.fasterxml.jackson.databind.JsonNode> rpc(
            String command, Map<String, ?> data) {
        if (rpc == null) {
            return delegate.rpc(command, data);
        }
        return rpc.call(command, data);
    }

    @Override
    public java.util.Optional<String> runnerId() {
        return java.util.Optional.ofNullable(runnerId.get());
    }

    /** @return the wrapped session */
    public JobSession delegate() {
        return delegate;
    }

    private RunJobRequest resolved(RunJobRequest request) {
        if (request == null || !AssetResolver.containsLocal(request.params())) {
            return request;
        }
        return request.toBuilder().params(assets.resolve(request.params())).build();
    }

    private Object resolvedValue(Object value) {
        if (!AssetResolver.containsLocal(value)) {
            return value;
        }
        Map<String, Object> one = assets.resolve(Map.of("value", value));
        return one.get("value");
    }

    @Override
    public JobHandle runJob(RunJobRequest request) {
        return delegate.runJob(resolved(request));
    }

    @Override
    public CompletableFuture<JobHandle> runJobAsync(RunJobRequest request) {
        if (request == null || !AssetResolver.containsLocal(request.params())) {
            return delegate.runJobAsync(request);
        }
        return CompletableFuture.supplyAsync(() -> resolved(request), executor).thenCompose(delegate::runJobAsync);
    }

    @Override
    public CompletableFuture<CommandReply> cancelJob(String jobId) {
        return delegate.cancelJob(jobId);
    }

    @Override
    public CompletableFuture<JobStatus> getStatus(String jobId) {
        return delegate.getStatus(jobId);
    }

    @Override
    public CompletableFuture<List<ActiveJob>> getStatus() {
        return delegate.getStatus();
    }

    @Override
    public CompletableFuture<JobHandle> reconnectJob(String jobId, Long lastSeq) {
        return delegate.reconnectJob(jobId, lastSeq);
    }

    @Override
    public CompletableFuture<JobHandle> reconnectJob(String jobId, String workflowId, Long lastSeq) {
        return delegate.reconnectJob(jobId, workflowId, lastSeq);
    }

    @Override
    public CompletableFuture<Mode> setMode(Mode mode) {
        return delegate.setMode(mode);
    }

    @Override
    public Mode mode() {
        return delegate.mode();
    }

    @Override
    public CompletableFuture<CommandReply> streamInput(String jobId, String input, Object value) {
        return delegate.streamInput(jobId, input, resolvedValue(value));
    }

    @Override
    public CompletableFuture<CommandReply> streamInput(String jobId, String input, Object value, String handle) {
        return delegate.streamInput(jobId, input, resolvedValue(value), handle);
    }

    @Override
    public CompletableFuture<CommandReply> endInputStream(String jobId, String input) {
        return delegate.endInputStream(jobId, input);
    }

    @Override
    public CompletableFuture<CommandReply> endInputStream(String jobId, String input, String handle) {
        return delegate.endInputStream(jobId, input, handle);
    }

    @Override
    public CompletableFuture<Boolean> updateNodeProperties(String jobId, String nodeId, Map<String, ?> properties) {
        return delegate.updateNodeProperties(jobId, nodeId, properties);
    }

    @Override
    public CompletableFuture<CommandReply> clearModels() {
        return delegate.clearModels();
    }

    @Override
    public Flow.Publisher<JobMessage> messages() {
        return delegate.messages();
    }

    @Override
    public String url() {
        return delegate.url();
    }

    @Override
    public boolean isOpen() {
        return delegate.isOpen();
    }

    @Override
    public void close() {
        delegate.close();
    }

    @Override
    public String toString() {
        return delegate.toString();
    }
}
