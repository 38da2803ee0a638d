package ai.nodetool.testserver.internal.core;

import ai.nodetool.testserver.RecordedCommand;
import ai.nodetool.testserver.RecordedRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** Everything the server received, in arrival order. Thread-safe. */
public final class Recorder {
    private final List<RecordedRequest> requests = new ArrayList<>();
    private final BlockingQueue<RecordedRequest> unread = new LinkedBlockingQueue<>();
    private final List<RecordedCommand> commands = new ArrayList<>();

    public void request(RecordedRequest request) {
        synchronized (requests) {
            requests.add(request);
        }
        unread.add(request);
    }

    public void command(RecordedCommand command) {
        synchronized (commands) {
            commands.add(command);
        }
    }

    public List<RecordedRequest> requests() {
        synchronized (requests) {
            return List.copyOf(requests);
        }
    }

    public List<RecordedCommand> commands() {
        synchronized (commands) {
            return List.copyOf(commands);
        }
    }

    /** The oldest request not yet taken, waiting up to the timeout; null when none arrived. */
    public RecordedRequest takeRequest(long timeout, TimeUnit unit) throws InterruptedException {
        return unread.poll(timeout, unit);
    }

    public void clear() {
        synchronized (requests) {
            requests.clear();
        }
        unread.clear();
        synchronized (commands) {
            commands.clear();
        }
    }
}
