package ai.nodetool.testserver.internal.core;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** Everything the server received, in arrival order. Thread-safe. */
public final class Recorder {
    private final List<ReceivedRequest> requests = new ArrayList<>();
    private final BlockingQueue<ReceivedRequest> unread = new LinkedBlockingQueue<>();
    private final List<ReceivedCommand> commands = new ArrayList<>();

    public void request(ReceivedRequest request) {
        synchronized (requests) {
            requests.add(request);
        }
        unread.add(request);
    }

    public void command(ReceivedCommand command) {
        synchronized (commands) {
            commands.add(command);
        }
    }

    public List<ReceivedRequest> requests() {
        synchronized (requests) {
            return List.copyOf(requests);
        }
    }

    public List<ReceivedCommand> commands() {
        synchronized (commands) {
            return List.copyOf(commands);
        }
    }

    /** The oldest request not yet taken, waiting up to the timeout; null when none arrived. */
    public ReceivedRequest takeRequest(long timeout, TimeUnit unit) throws InterruptedException {
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
