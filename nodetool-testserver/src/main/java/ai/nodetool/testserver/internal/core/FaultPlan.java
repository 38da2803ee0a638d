package ai.nodetool.testserver.internal.core;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;

/** The server side of the public {@code Faults}: armed faults, consumed by the protocol layers. */
public final class FaultPlan {
    private final List<HttpFailure> httpFailures = new ArrayList<>();
    private StreamFaults streamFaults = StreamFaults.NONE;
    private boolean malformedNextFrame;
    private Duration legacyCancelTerminalFrame; // null: off
    private volatile SocketControl sockets;

    public synchronized void addHttpFailure(HttpFailure failure) {
        httpFailures.add(failure);
    }

    /** Consumes one armed HTTP failure matching this request, if any. */
    public synchronized Optional<HttpFailure> takeHttpFailure(String method, String path) {
        for (Iterator<HttpFailure> it = httpFailures.iterator(); it.hasNext(); ) {
            HttpFailure f = it.next();
            if (f.matches(method, path)) {
                if (f.remaining() <= 1) {
                    it.remove();
                } else {
                    httpFailures.set(
                            httpFailures.indexOf(f),
                            new HttpFailure(f.method(), f.path(), f.remaining() - 1, f.status(), f.retryAfter()));
                }
                return Optional.of(f);
            }
        }
        return Optional.empty();
    }

    public synchronized void dropStreamAfter(int messages) {
        streamFaults = streamFaults.withDropAfter(messages);
    }

    public synchronized void stallStreamAfter(int messages, Duration duration) {
        streamFaults = streamFaults.withStall(messages, duration);
    }

    public synchronized void malformedAfter(int messages) {
        streamFaults = streamFaults.withMalformedAfter(messages);
    }

    public synchronized void oversizeAfter(int messages, int bytes) {
        streamFaults = streamFaults.withOversize(messages, bytes);
    }

    /** Takes the faults armed for the next stream and disarms them (each arming applies to one stream). */
    public synchronized StreamFaults takeStreamFaults() {
        StreamFaults taken = streamFaults;
        streamFaults = StreamFaults.NONE;
        return taken;
    }

    /** Arms one undecodable frame, sent as the reply to the next WebSocket command. */
    public synchronized void malformedNextFrame() {
        malformedNextFrame = true;
    }

    public synchronized boolean takeMalformedNextFrame() {
        boolean armed = malformedNextFrame;
        malformedNextFrame = false;
        return armed;
    }

    /** Sends Gen A/B's missing {@code job_update cancelled} after this delay on every cancel; null turns it off. */
    public synchronized void legacyCancelTerminalFrame(Duration delay) {
        legacyCancelTerminalFrame = delay;
    }

    /** The delay after which a Gen A/B cancel still sends {@code job_update cancelled}, if armed. */
    public synchronized Optional<Duration> legacyCancelTerminalFrame() {
        return Optional.ofNullable(legacyCancelTerminalFrame);
    }

    public synchronized void clear() {
        legacyCancelTerminalFrame = null;
        httpFailures.clear();
        streamFaults = StreamFaults.NONE;
        malformedNextFrame = false;
    }

    public void sockets(SocketControl control) {
        this.sockets = control;
    }

    public SocketControl sockets() {
        SocketControl control = sockets;
        if (control == null) {
            throw new IllegalStateException("no WebSocket endpoint is running");
        }
        return control;
    }
}
