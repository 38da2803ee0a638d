package ai.nodetool.client.internal.stream;

import ai.nodetool.client.errors.JobCancelledException;
import ai.nodetool.client.errors.JobFailedException;
import ai.nodetool.client.errors.NodeToolProtocolException;
import ai.nodetool.client.internal.flow.Termination;
import ai.nodetool.client.messages.ErrorMessage;
import ai.nodetool.client.messages.JobCompleted;
import ai.nodetool.client.messages.JobFailed;
import ai.nodetool.client.messages.JobMessage;
import ai.nodetool.client.messages.JobStatus;
import ai.nodetool.client.messages.JobUpdate;
import ai.nodetool.client.messages.OutputUpdate;
import ai.nodetool.client.messages.RunResult;
import ai.nodetool.client.messages.WorkerComplete;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Follows one streamed run message by message: decides which message ends the stream (the
 * publisher's terminal rule), what the end of the input means, and the final {@link RunResult}.
 * One instance per stream; used only on the stream's serialized drain (no locking needed).
 *
 * <p><b>What ends a stream.</b>
 * <ul>
 *   <li>NDJSON (Gen A/B {@code ?stream=true}, protocol-notes §5.3): the first terminal
 *       {@code job_update} (completed, failed, cancelled, error, timed_out), or a synthetic
 *       {@code job_completed} / {@code job_failed} line if one comes first. Nothing is read after
 *       it: Gen A's {@code job_completed} that follows a terminal {@code job_update} is not
 *       awaited (so a server that never sends it cannot make the stream hang). The end of input
 *       before any of them means the stream was cut: a {@link NodeToolProtocolException}.
 *   <li>SSE (Worker API, protocol-notes §5.4): the {@code complete} event or an {@code error} event (the worker's
 *       last message on each path), or {@code data: [DONE]} / the end of input after a terminal
 *       {@code job_update}. The end of input before any of them: protocol error.
 *   <li>Gen C's single JSON answer (it ignores {@code ?stream=true}, protocol-notes §5.1): the synthesized
 *       terminal {@code job_update}.
 * </ul>
 * A completed run ends with {@code onComplete}; failed, error and timed_out with
 * {@link JobFailedException}; cancelled with {@link JobCancelledException} (protocol-notes §8.2).
 *
 * <p><b>Result.</b> Built the way the same server's blocking run builds it, so that
 * {@code stream(...).result()} and {@code run(...)} agree: Gen C's answer is normalised exactly as
 * {@code run()} does; the Worker's {@code complete.results} as {@code worker().run()} does; Gen A's
 * NDJSON collects {@code output_update}s by {@code node_name} keeping the last value, which is
 * precisely Gen A's own blocking-run rule (protocol-notes §5.2, §5.3). When no {@code output_update} arrived, the
 * terminal {@code job_update.result} is used; over SSE, a terminal {@code job_update} with a {@code result}
 * replaces the collected outputs (it carries them by name), so that a large output is not held three times.
 */
public final class RunTracker {

    /** Which wire format is being followed. */
    public enum Format {
        /** Editor API NDJSON (or Gen C's single JSON answer to it). */
        NDJSON,
        /** Worker API server-sent events. */
        SSE
    }

    private final Format format;
    private final String what;
    private String jobId;
    private JobUpdate terminalUpdate;
    private JobFailed jobFailed;
    private String lastErrorText;
    private boolean endedByErrorEvent;
    private WorkerComplete complete;
    private JsonNode envelope;
    // The last output_update per key; its value is turned into plain Java only when the result is asked
    // for, not once per message (a firehose of output_updates would otherwise convert every one).
    private final Map<String, LastOutput> collected = new LinkedHashMap<>();
    private long messages;

    /**
     * @param format the wire format
     * @param what a short description of the call for messages, e.g. {@code POST /api/workflows/x/run}
     */
    public RunTracker(Format format, String what) {
        this.format = format;
        this.what = what;
    }

    /**
     * Records Gen C's single JSON answer: the result is then normalised from it exactly as the
     * blocking run does.
     *
     * @param body the response body
     */
    void useEnvelope(JsonNode body) {
        this.envelope = body;
    }

    /** @return messages seen so far */
    public long messages() {
        return messages;
    }

    /**
     * The publisher's terminal rule: records a delivered message and says whether it ends the stream.
     *
     * @param message the message just delivered
     * @return null to keep reading, or how the stream ends
     */
    public Termination accept(JobMessage message) {
        messages++;
        if (jobId == null) {
            jobId = message.jobId();
        }
        if (message instanceof OutputUpdate) {
            OutputUpdate o = (OutputUpdate) message;
            String key = o.nodeName() != null ? o.nodeName() : o.outputName() != null ? o.outputName() : o.nodeId();
            if (key != null) {
                LastOutput last = collected.get(key);
                if (last == null) {
                    collected.put(key, new LastOutput(o));
                } else {
                    last.set(o); // last value wins, as in Gen A's blocking run
                }
            }
            return null;
        }
        if (message instanceof JobUpdate) {
            JobUpdate u = (JobUpdate) message;
            if (u.isTerminal()) {
                terminalUpdate = u;
                if (format == Format.NDJSON) {
                    return finish();
                }
                if (u.result() != null) {
                    // The worker's terminal job_update carries the outputs by name, and its complete event
                    // carries them again (protocol-notes §5.4): with a large output, keeping the output_updates
                    // too would hold a third copy while complete is read. The result is then built from
                    // complete, or from this update's result.
                    collected.clear();
                }
            }
            return null;
        }
        if (message instanceof ErrorMessage) {
            lastErrorText = ((ErrorMessage) message).message();
            if (format == Format.SSE) {
                endedByErrorEvent = true; // the worker's last message on a failed run (protocol-notes §5.4)
                return finish();
            }
            return null;
        }
        if (format == Format.NDJSON && message instanceof JobCompleted) {
            return finish();
        }
        if (format == Format.NDJSON && message instanceof JobFailed) {
            jobFailed = (JobFailed) message;
            return finish();
        }
        if (format == Format.SSE && message instanceof WorkerComplete) {
            complete = (WorkerComplete) message;
            return finish();
        }
        return null;
    }

    /**
     * The input ended (NDJSON EOF, SSE {@code [DONE]} or EOF) without a message that ends the stream.
     * Returns normally when the stream completes.
     *
     * @param doneMarker true when the SSE {@code [DONE]} marker was received
     * @param line the last line read, for the message
     * @throws RuntimeException the stream's error: job failed/cancelled, or a protocol error for a
     *     stream cut short
     */
    public void endOfInput(boolean doneMarker, long line) {
        if (envelope == null && (doneMarker || terminalUpdate != null)) {
            Termination t = finish();
            if (t.error() != null) {
                throw (RuntimeException) t.error();
            }
            return;
        }
        if (envelope != null && terminalUpdate == null) {
            throw new NodeToolProtocolException(what + ": the server answered with non-final status '"
                    + RunResult.fromEditorResponse(envelope).status() + "'"
                    + (jobId == null ? "" : " for job " + jobId) + " instead of streaming");
        }
        throw new NodeToolProtocolException(
                what + ": the stream ended after " + messages + " message(s)"
                        + (line > 0 ? " (line " + line + ")" : "") + " before the job finished (no "
                        + (format == Format.NDJSON
                                ? "terminal job_update, job_completed or job_failed"
                                : "complete or error event, nor [DONE]")
                        + "): it was cut short",
                null,
                line);
    }

    private Termination finish() {
        RunResult r = result();
        JobStatus status = r.status();
        if (status.isFailure()) {
            return Termination.fail(new JobFailedException(r.jobId(), r.error(), r));
        }
        if (JobStatus.CANCELLED.equals(status)) {
            return Termination.fail(new JobCancelledException(r.jobId(), r));
        }
        return Termination.complete();
    }

    private JobStatus status() {
        if (terminalUpdate != null) {
            return terminalUpdate.status();
        }
        if (jobFailed != null || endedByErrorEvent) {
            return JobStatus.FAILED;
        }
        return JobStatus.COMPLETED;
    }

    private String error() {
        if (terminalUpdate != null && terminalUpdate.error() != null) {
            return terminalUpdate.error();
        }
        if (jobFailed != null && jobFailed.error() != null) {
            return jobFailed.error();
        }
        return lastErrorText;
    }

    /**
     * @return the run's result as known now (the final one once the stream ended); its status is
     *     COMPLETED for a stream that completed normally
     */
    public RunResult result() {
        if (envelope != null) {
            return RunResult.fromEditorResponse(envelope);
        }
        JobStatus status = status();
        if (complete != null) {
            // A cancelled worker run still ends with `complete`; its status comes from the job_update.
            return RunResult.of(
                    status, jobId, RunResult.fromWorkerComplete(complete, jobId).outputs(), error(), complete.raw());
        }
        JsonNode raw = terminalUpdate != null ? terminalUpdate.raw() : null;
        if (collected.isEmpty() && terminalUpdate != null && terminalUpdate.result() != null) {
            return RunResult.of(
                    status, jobId, RunResult.fromJobUpdate(terminalUpdate).outputs(), error(), raw);
        }
        Map<String, List<Object>> outputs = new LinkedHashMap<>();
        collected.forEach((key, last) -> outputs.put(key, last.value()));
        return RunResult.of(status, jobId, outputs, error(), raw);
    }

    /** The last output_update of one key, converted to plain Java at most once. */
    private static final class LastOutput {
        private OutputUpdate message;
        private List<Object> value;

        LastOutput(OutputUpdate message) {
            this.message = message;
        }

        void set(OutputUpdate next) {
            message = next;
            value = null;
        }

        List<Object> value() {
            if (value == null) {
                List<Object> one = new ArrayList<>(1);
                one.add(message.javaValue());
                value = one;
            }
            return value;
        }
    }
}
