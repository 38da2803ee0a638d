package ai.nodetool.client.internal.session;

import ai.nodetool.client.internal.json.Trees;
import ai.nodetool.client.internal.session.ReplyMatcher.Kind;
import ai.nodetool.client.messages.CommandReply;
import ai.nodetool.client.messages.JobStatus;
import ai.nodetool.client.session.ActiveJob;
import ai.nodetool.client.session.Mode;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The typed commands: each one encodes its frame, sends it on the {@link CommandChannel}, and maps
 * the reply to its value (an error reply to {@link ai.nodetool.client.errors.CommandRejectedException})
 * on the client's callback executor. Used by the session facade (the public methods) and the
 * reconnector (mode restore, status of legacy jobs).
 *
 * <p>Lock: none (no mutable state). Called from any thread.
 */
final class Commands {
    private final CommandChannel channel;
    private final Callbacks callbacks;
    private final Consumer<Mode> modeConfirmed;

    Commands(CommandChannel channel, Callbacks callbacks, Consumer<Mode> modeConfirmed) {
        this.channel = channel;
        this.callbacks = callbacks;
        this.modeConfirmed = modeConfirmed;
    }

    CompletableFuture<CommandReply> cancelJob(String jobId, String workflowId) {
        return deliver(
                channel.send(Kind.CANCEL_JOB, jobId, CommandEncoder.cancelJob(jobId, workflowId)),
                r -> requireOk("cancel_job", r));
    }

    CompletableFuture<JobStatus> getStatus(String jobId) {
        // A not_found status for a job still open here ends that job: DefaultJobSession.getStatus.
        return deliver(
                channel.send(Kind.GET_STATUS, jobId, CommandEncoder.getStatus(jobId)),
                r -> JobStatus.of(Trees.scalarText(requireOk("get_status", r).raw(), "status")));
    }

    CompletableFuture<List<ActiveJob>> getStatus() {
        return deliver(channel.send(Kind.GET_STATUS_ALL, null, CommandEncoder.getStatus(null)), r -> {
            JsonNode list = requireOk("get_status", r).raw().get("active_jobs");
            List<ActiveJob> out = new ArrayList<>();
            if (list != null && list.isArray()) {
                for (JsonNode j : list) {
                    String id = Trees.scalarText(j, "job_id");
                    if (id != null) {
                        out.add(new ActiveJob(
                                id, Trees.scalarText(j, "workflow_id"), JobStatus.of(Trees.scalarText(j, "status"))));
                    }
                }
            }
            return Collections.unmodifiableList(out);
        });
    }

    /** @return the raw reply (an error reply is a value here: the caller decides what it ends) */
    CompletableFuture<CommandReply> reconnectJob(String jobId, String workflowId, Long lastSeq) {
        return channel.send(Kind.RECONNECT_JOB, jobId, CommandEncoder.reconnectJob(jobId, workflowId, lastSeq));
    }

    CompletableFuture<Mode> setMode(Mode newMode) {
        return deliver(channel.send(Kind.SET_MODE, null, CommandEncoder.setMode(newMode.wireName())), r -> {
            requireOk("set_mode", r);
            modeConfirmed.accept(newMode);
            return newMode;
        });
    }

    CompletableFuture<CommandReply> streamInput(
            String jobId, String workflowId, String input, Object value, String handle) {
        return deliver(
                channel.send(
                        Kind.STREAM_INPUT, jobId, CommandEncoder.streamInput(jobId, workflowId, input, value, handle)),
                r -> requireOk("stream_input", r));
    }

    CompletableFuture<CommandReply> endInputStream(String jobId, String workflowId, String input, String handle) {
        return deliver(
                channel.send(
                        Kind.END_INPUT_STREAM, jobId, CommandEncoder.endInputStream(jobId, workflowId, input, handle)),
                r -> requireOk("end_input_stream", r));
    }

    CompletableFuture<Boolean> updateNodeProperties(
            String jobId, String workflowId, String nodeId, Map<String, ?> properties) {
        return deliver(
                channel.send(
                        Kind.UPDATE_NODE_PROPERTIES,
                        jobId,
                        CommandEncoder.updateNodeProperties(jobId, workflowId, nodeId, properties)),
                r -> requireOk("update_node_properties", r)
                        .raw()
                        .path("applied")
                        .asBoolean(false));
    }

    CompletableFuture<CommandReply> clearModels() {
        return deliver(
                channel.send(Kind.CLEAR_MODELS, null, CommandEncoder.clearModels()), r -> requireOk("clear_models", r));
    }

    /** Error replies become {@link ai.nodetool.client.errors.CommandRejectedException}s. */
    static CommandReply requireOk(String command, CommandReply reply) {
        if (reply.isError()) {
            throw CommandChannel.rejected(command, reply);
        }
        return reply;
    }

    /** Maps a reply and completes the result on the callback executor, never on the reader thread. */
    <T> CompletableFuture<T> deliver(CompletableFuture<CommandReply> reply, Function<CommandReply, T> mapping) {
        CompletableFuture<T> out = new CompletableFuture<>();
        reply.whenComplete((r, error) -> {
            if (error != null) {
                callbacks.fail(out, unwrap(error));
                return;
            }
            T value;
            try {
                value = mapping.apply(r);
            } catch (RuntimeException e) {
                callbacks.fail(out, e);
                return;
            }
            callbacks.complete(out, value);
        });
        return out;
    }

    static Throwable unwrap(Throwable t) {
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }
}
