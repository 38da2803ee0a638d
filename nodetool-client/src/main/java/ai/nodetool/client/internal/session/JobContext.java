package ai.nodetool.client.internal.session;

import ai.nodetool.client.internal.flow.FlowOptions;
import ai.nodetool.client.messages.CommandReply;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * Everything a {@link JobState} may use from the rest of the session, and nothing more: its
 * settings, the timer (terminal grace), the callback executor, one way out for a user's
 * {@code cancel()} (sends {@code cancel_job}), and one notification when the job ends (the router
 * stops routing to it). Built once per session by the facade; immutable.
 *
 * @param bufferSize capacity of each job's publisher
 * @param terminalGrace how long a provisional terminal update waits for the one with outputs
 * @param cancelTimeout how long a job may stay open after its cancel was asked for
 * @param flow publisher options (callback executor)
 * @param timer the session timer
 * @param callbacks completes result futures on the callback executor
 * @param cancel sends {@code cancel_job} for a job id, as {@code JobSession.cancelJob} does
 * @param ended told once, when a job has ended (terminal update or failure)
 * @param scrub removes the client's token from text that came from the server
 * @param events the client's guarded event listener ({@code NONE} when nobody listens)
 */
record JobContext(
        int bufferSize,
        Duration terminalGrace,
        Duration cancelTimeout,
        FlowOptions flow,
        SessionTimer timer,
        Callbacks callbacks,
        Function<String, CompletableFuture<CommandReply>> cancel,
        Consumer<JobState> ended,
        UnaryOperator<String> scrub,
        ai.nodetool.client.events.NodeToolEventListener events) {}
