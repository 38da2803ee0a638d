package ai.nodetool.testserver.internal.ws;

import ai.nodetool.testserver.internal.core.StreamFaults;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The stream faults armed for one WebSocket job (through the public {@code Faults}), counted in
 * job frames: drop the socket, send a malformed or an oversize frame, or stall after the n-th frame.
 *
 * <p>Threading: {@link #take}, {@link #afterFrame} and {@link #fire} run under the job's monitor; a
 * stall is served by {@link #stallIfArmed()} outside it, so only the job's thread pauses, and a
 * cancel wakes it early.
 */
final class JobFaults {
    private final CountDownLatch cancelSignal = new CountDownLatch(1);

    // Guarded by the job's monitor, except pendingStallMillis (guarded by this).
    private int produced;
    private int dropAfter = -1;
    private int stallAfter = -1;
    private long stallMillis;
    private int malformedAfter = -1;
    private int oversizeAfter = -1;
    private int oversizeBytes;
    private long pendingStallMillis;

    /** Arms the faults taken from the server's plan for this job; a stall after 0 frames pauses at once. */
    void take(StreamFaults faults) {
        dropAfter = faults.dropAfter();
        stallAfter = faults.stallAfter();
        stallMillis = faults.stallFor().toMillis();
        malformedAfter = faults.malformedAfter();
        oversizeAfter = faults.oversizeAfter();
        oversizeBytes = faults.oversizeBytes();
        if (stallAfter == 0) {
            stallAfter = -1;
            stall(stallMillis);
        }
    }

    /** Fires the faults armed at the current frame count ("after n job frames") on {@code target}. */
    void fire(Session target, String jobId) {
        if (malformedAfter == produced) {
            malformedAfter = -1;
            if (target != null) {
                target.sendRawBinary(new byte[] {(byte) 0xc1}); // 0xc1 is never used in MessagePack
            }
        }
        if (oversizeAfter == produced) {
            oversizeAfter = -1;
            if (target != null) {
                target.sendOversize(jobId, oversizeBytes);
            }
        }
        if (dropAfter == produced) {
            dropAfter = -1;
            if (target != null) {
                target.abort();
            }
        }
    }

    /** Counts a delivered frame; a stall armed at this count is served once the job leaves its monitor. */
    void afterFrame() {
        produced++;
        if (stallAfter == produced) {
            stallAfter = -1;
            stall(stallMillis);
        }
    }

    /** Whether any fault is still armed (then every frame must reach the wire before the next). */
    boolean armed() {
        return dropAfter >= 0 || stallAfter >= 0 || malformedAfter >= 0 || oversizeAfter >= 0;
    }

    /** Wakes a stalled job: it was cancelled. */
    void cancelled() {
        cancelSignal.countDown();
    }

    /** Serves a pending stall on the calling thread, waking early on cancel. Call without the job's monitor. */
    void stallIfArmed() {
        long millis;
        synchronized (this) {
            millis = pendingStallMillis;
            pendingStallMillis = 0;
        }
        if (millis > 0) {
            try {
                cancelSignal.await(millis, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private synchronized void stall(long millis) {
        pendingStallMillis = millis;
    }
}
