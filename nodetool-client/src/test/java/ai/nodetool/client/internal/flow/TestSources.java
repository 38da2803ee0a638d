package ai.nodetool.client.internal.flow;

import java.io.IOException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** Sources for publisher tests. */
final class TestSources {

    private TestSources() {}

    /** Yields 0, 1, 2, ... (endless or up to a limit), counting reads and closes. */
    static final class Counting implements Source<Integer> {
        final AtomicInteger reads = new AtomicInteger();
        final AtomicInteger closes = new AtomicInteger();
        final CountDownLatch closed = new CountDownLatch(1);
        final String[] readThread = new String[1];
        private final int limit;

        Counting(int limit) {
            this.limit = limit;
        }

        static Counting endless() {
            return new Counting(Integer.MAX_VALUE);
        }

        @Override
        public Integer next() throws IOException {
            if (closes.get() > 0) {
                throw new IOException("closed");
            }
            readThread[0] = Thread.currentThread().getName();
            int n = reads.getAndIncrement();
            return n < limit ? n : null;
        }

        @Override
        public void close() {
            closes.incrementAndGet();
            closed.countDown();
        }
    }

    /**
     * A source whose reads block until it is closed (like a socket read on a silent server); close
     * from another thread makes the blocked read throw, as closing a socket does.
     */
    static final class Blocking implements Source<Integer> {
        final CountDownLatch readStarted = new CountDownLatch(1);
        final CountDownLatch readReturned = new CountDownLatch(1);
        final AtomicInteger closes = new AtomicInteger();
        private final CountDownLatch closedLatch = new CountDownLatch(1);

        @Override
        public Integer next() throws IOException {
            readStarted.countDown();
            try {
                if (!closedLatch.await(30, TimeUnit.SECONDS)) {
                    throw new AssertionError("blocked read was never unblocked by close()");
                }
                throw new IOException("Socket closed");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            } finally {
                readReturned.countDown();
            }
        }

        @Override
        public void close() {
            closes.incrementAndGet();
            closedLatch.countDown();
        }
    }
}
