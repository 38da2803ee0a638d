package ai.nodetool.client.internal.workflows;

import ai.nodetool.client.errors.InternalServerException;
import ai.nodetool.client.errors.JobCancelledException;
import ai.nodetool.client.errors.JobFailedException;
import ai.nodetool.client.errors.NodeToolProtocolException;
import ai.nodetool.client.events.RunKind;
import ai.nodetool.client.internal.codec.MessageCodec;
import ai.nodetool.client.internal.events.Routes;
import ai.nodetool.client.internal.events.RunObserver;
import ai.nodetool.client.internal.http.HttpCaller;
import ai.nodetool.client.internal.outcome.JobOutcome;
import ai.nodetool.client.messages.JobStatus;
import ai.nodetool.client.messages.RunResult;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import okhttp3.Request;

/**
 * The one rule, shared by every transport, for turning a finished job into a return value or an
 * exception (protocol-notes §8.2): completed returns, failed/error/timed_out throw
 * {@link JobFailedException}, cancelled throws {@link JobCancelledException}.
 */
public final class RunOutcome {
    private RunOutcome() {}

    /**
     * Runs a blocking run request (Editor or Worker API) and turns its answer into a result, with the
     * one failure rule for both APIs: a failed job's HTTP 500 becomes {@link JobFailedException}.
     *
     * @param http the caller
     * @param request the run request (never retried: it starts work)
     * @param toResult the API's answer shape to a result
     * @return the completed run's result
     */
    static RunResult run(HttpCaller http, Request request, Function<JsonNode, RunResult> toResult) {
        RunObserver observer = observer(http, request);
        observer.start();
        try {
            JsonNode body;
            try {
                body = http.executeJson(request, false);
            } catch (RuntimeException e) {
                throw runError(e);
            }
            RunResult result = toResult.apply(body);
            observer.end(result, null);
            return result;
        } catch (RuntimeException e) {
            observer.end(null, e);
            throw e;
        }
    }

    /** {@link #run} without blocking; cancelling the future aborts the HTTP call. */
    static CompletableFuture<RunResult> runAsync(
            HttpCaller http, Request request, Function<JsonNode, RunResult> toResult) {
        RunObserver observer = observer(http, request);
        observer.start();
        CompletableFuture<RunResult> future = http.executeJsonAsync(request, false, toResult, RunOutcome::runError);
        if (observer.active()) {
            future.whenComplete((r, e) -> {
                if (e instanceof java.util.concurrent.CancellationException) {
                    observer.cancel();
                }
                observer.end(r, e);
            });
        }
        return future;
    }

    /** The run's events: an Editor API run has {@code /api/} in its path, a Worker API run has not. */
    private static RunObserver observer(HttpCaller http, Request request) {
        RunKind kind = request.url().pathSegments().contains("api") ? RunKind.EDITOR_RUN : RunKind.WORKER_RUN;
        return RunObserver.of(http.eventsFor(request), null, kind, Routes.workflowOfRun(request.url()), null);
    }

    /**
     * @param result a normalised result
     * @return the same result when its status is COMPLETED
     * @throws JobFailedException for failed, error, timed_out
     * @throws JobCancelledException for cancelled
     * @throws NodeToolProtocolException for a non-terminal status where a final answer was due
     * @see JobOutcome#requireCompleted(RunResult) the transport-agnostic rule this delegates to
     */
    public static RunResult requireCompleted(RunResult result) {
        return JobOutcome.requireCompleted(result);
    }

    /**
     * A blocking run answered {@code {}}: only a legacy server does (Gen C always answers with an
     * envelope, protocol-notes §5.1), and legacy releases v0.6.0 to v0.6.3-rc.26 answer {@code {}}
     * with HTTP 200 for every run, failed ones included (§5.2). The SDK cannot tell a failure from a
     * run without outputs, so it never reports this answer as a success; the run is not sent again
     * (it already ran). {@code workflows().stream(...)} reports the same run's outputs and errors on
     * every legacy release.
     *
     * @return the exception to throw
     */
    static NodeToolProtocolException emptyLegacyAnswer() {
        return new NodeToolProtocolException("run workflow: the server answered {} with HTTP 200. Legacy servers before"
                + " v0.6.3-rc27 answer this for every run, also a failed one, so the outcome is unknown (the run was"
                + " sent once and is not repeated). Use workflows().stream(...) or a WebSocket session to get the"
                + " outputs and errors of a run on this server.");
    }

    /**
     * The error of a blocking run request, seen through the same rule. A legacy server reports a
     * run that failed as {@code 500 {"detail": "<error>"}} (protocol-notes §5.2; the Worker API the
     * same way, §5.4): that is a failed job, so it becomes a {@link JobFailedException} carrying the
     * server's text, with the HTTP exception as its cause (status, headers, body stay reachable).
     * Anything else (another status, a 500 HTML page from a proxy) is returned unchanged.
     *
     * @param error what the run request failed with
     * @return the exception to throw
     */
    public static RuntimeException runError(RuntimeException error) {
        if (!(error instanceof InternalServerException)) {
            return error;
        }
        InternalServerException http = (InternalServerException) error;
        if (http.statusCode() != 500 || http.errorMessage() == null || !hasTextDetail(http.rawBody())) {
            return error;
        }
        JsonNode raw;
        try {
            raw = MessageCodec.json().readTree(http.rawBody());
        } catch (java.io.IOException e) {
            return error;
        }
        RunResult result = RunResult.of(JobStatus.FAILED, null, Map.of(), http.errorMessage(), raw);
        return new JobFailedException(null, http.errorMessage(), result, http);
    }

    private static boolean hasTextDetail(String body) {
        try {
            JsonNode tree = MessageCodec.json().readTree(body);
            return tree != null && tree.isObject() && tree.path("detail").isTextual();
        } catch (java.io.IOException e) {
            return false;
        }
    }
}
