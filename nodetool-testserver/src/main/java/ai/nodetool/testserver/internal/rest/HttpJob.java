package ai.nodetool.testserver.internal.rest;

import ai.nodetool.testserver.internal.engine.ExecutionOutcome;
import ai.nodetool.testserver.internal.engine.GraphExecution;
import ai.nodetool.testserver.internal.engine.WorkflowEngine;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.InterruptedIOException;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A job started by an HTTP run route (blocking run, NDJSON or SSE stream): one {@link GraphExecution}
 * seen from the REST handler. The engine delivers messages on its run thread; they are
 * handed over through a queue so that the handler thread alone writes the response (the exchange
 * ends when the handler returns). Blocking runs only count the messages.
 */
final class HttpJob {
    private static final Object END = new Object();
    /** Messages handed over but not yet written; beyond it the engine waits (back-pressure from the client). */
    static final int QUEUE_CAPACITY = 1024;

    private final String jobId;
    private final GraphExecution execution;
    private final BlockingQueue<Object> queue;
    private final AtomicInteger messages = new AtomicInteger();
    private volatile boolean cancelled;

    private HttpJob(String jobId, WorkflowEngine engine, JsonNode workflow, JsonNode params, boolean keepMessages) {
        this.jobId = jobId;
        this.queue = keepMessages ? new LinkedBlockingQueue<>(QUEUE_CAPACITY) : null;
        this.execution = engine.start(jobId, workflow, params, message -> {
            messages.incrementAndGet();
            if (queue != null) {
                hand(message);
            }
        });
        if (queue != null) {
            // The outcome completes after the last message was delivered, so END is queued last.
            execution.outcome().whenComplete((outcome, error) -> hand(END));
        }
    }

    /**
     * Starts a run.
     *
     * @param keepMessages true when the handler reads the messages with {@link #next()}
     * @throws ai.nodetool.testserver.internal.engine.WorkflowException when the workflow cannot run
     */
    static HttpJob start(
            WorkflowEngine engine, String jobId, JsonNode workflow, JsonNode params, boolean keepMessages) {
        return new HttpJob(jobId, engine, workflow, params, keepMessages);
    }

    String jobId() {
        return jobId;
    }

    /**
     * Queues an item for the handler, waiting while the queue is full (a slow client slows the run
     * instead of the server buffering its messages); after a cancel the handler is gone, so the queue
     * is emptied instead and nothing waits.
     */
    private void hand(Object item) {
        try {
            while (!queue.offer(item, 100, TimeUnit.MILLISECONDS)) {
                if (cancelled) {
                    queue.clear();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // the engine is closing: the run is being cancelled
            queue.clear();
            queue.offer(item);
        }
    }

    /** The next message in emission order, or null after the last one. */
    ObjectNode next() throws InterruptedIOException {
        try {
            Object item = queue.take();
            if (item == END) {
                queue.add(END);
                return null;
            }
            return (ObjectNode) item;
        } catch (InterruptedException e) {
            cancelAfterInterrupt();
            throw new InterruptedIOException("server closing");
        }
    }

    /** Waits for the run to end. An interrupt (the server closing) cancels the run. */
    ExecutionOutcome outcome() throws InterruptedIOException {
        try {
            return execution.outcome().get();
        } catch (InterruptedException e) {
            cancelAfterInterrupt();
            throw new InterruptedIOException("server closing");
        } catch (ExecutionException e) {
            throw new IllegalStateException("the engine's outcome never fails", e);
        }
    }

    /** The run's outcome if it has ended, else null. */
    ExecutionOutcome outcomeNow() {
        return execution.outcome().getNow(null);
    }

    /** Messages the engine delivered so far. */
    int messageCount() {
        return messages.get();
    }

    void cancel() {
        cancelled = true;
        execution.cancel();
    }

    private void cancelAfterInterrupt() {
        Thread.currentThread().interrupt();
        cancel();
    }
}
