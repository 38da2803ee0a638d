package ai.nodetool.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The bounded-memory tests (DESIGN.md §5) run a main class in a forked JVM with a 64 MiB heap;
 * this is the launcher the tests share and the one-at-a-time subscriber their mains share.
 */
public final class BoundedMemoryHarness {

    private BoundedMemoryHarness() {}

    /**
     * Runs {@code main} with {@code args} in a forked JVM limited to a 64 MiB heap (serial GC, exit on
     * OutOfMemoryError) on this JVM's test class path, and asserts that it finishes within 150 s
     * with exit code 0.
     *
     * @return everything the forked JVM wrote to stdout and stderr
     */
    public static String runInSixtyFourMegabyteHeap(Class<?> main, String... args) throws Exception {
        return runForked(List.of("-Xmx64m", "-XX:+UseSerialGC", "-XX:+ExitOnOutOfMemoryError"), 150, main, args);
    }

    /**
     * Runs {@code main} with {@code args} in a forked JVM with the given JVM options on this JVM's test class
     * path, and asserts that it finishes within {@code timeoutSeconds} with exit code 0.
     *
     * @return everything the forked JVM wrote to stdout and stderr
     */
    public static String runForked(List<String> jvmOptions, long timeoutSeconds, Class<?> main, String... args)
            throws Exception {
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
        List<String> command = new ArrayList<>();
        command.add(java);
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", classpath, main.getName()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getOutputStream().close();
        boolean finished = process.waitFor(timeoutSeconds, TimeUnit.SECONDS);
        if (!finished) {
            process.destroyForcibly();
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(finished).as("forked JVM finished; output: %s", output).isTrue();
        assertThat(process.exitValue()).as("exit code; output: %s", output).isZero();
        return output;
    }

    /**
     * For the forked mains: requests one item at a time, checks each one and keeps the first
     * failure. Called on the publisher's delivery thread; read the results after
     * {@link #awaitTerminalOrExit()}.
     */
    public abstract static class OneAtATimeSubscriber<T> implements Flow.Subscriber<T> {
        private final CountDownLatch done = new CountDownLatch(1);
        private final AtomicReference<String> failure = new AtomicReference<>();
        private Flow.Subscription subscription;
        private long received;

        /** @return why the {@code index}-th item (from 0) is wrong, or null when it is right */
        protected abstract String check(T item, long index);

        @Override
        public final void onSubscribe(Flow.Subscription s) {
            subscription = s;
            s.request(1);
        }

        @Override
        public final void onNext(T item) {
            String wrong = check(item, received);
            if (wrong != null) {
                failure.compareAndSet(null, wrong);
            }
            received++;
            subscription.request(1);
        }

        @Override
        public final void onError(Throwable t) {
            failure.compareAndSet(null, "onError: " + t);
            done.countDown();
        }

        @Override
        public final void onComplete() {
            done.countDown();
        }

        /** Waits up to 120 s for onComplete or onError; without one, prints FAIL and exits the JVM with 3. */
        public final void awaitTerminalOrExit() throws InterruptedException {
            if (!done.await(120, TimeUnit.SECONDS)) {
                System.out.println("FAIL: no terminal signal; received " + received);
                System.exit(3);
            }
        }

        /** The first failure seen, or null. */
        public final String failure() {
            return failure.get();
        }

        /** How many items arrived. */
        public final long received() {
            return received;
        }
    }
}
