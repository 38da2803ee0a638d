package ai.nodetool.client.internal.flow;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicLong;

/** Named daemon threads, so that no stream thread can keep a JVM alive. */
final class DaemonThreadFactory implements ThreadFactory {

    private static final AtomicLong SEQUENCE = new AtomicLong();

    private final String prefix;

    DaemonThreadFactory(String prefix) {
        this.prefix = prefix;
    }

    @Override
    public Thread newThread(Runnable task) {
        Thread thread = new Thread(task, prefix + "-" + SEQUENCE.incrementAndGet());
        thread.setDaemon(true);
        return thread;
    }
}
