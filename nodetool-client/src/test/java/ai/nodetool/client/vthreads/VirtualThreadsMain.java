package ai.nodetool.client.vthreads;

import ai.nodetool.client.NodeToolClient;
import ai.nodetool.client.messages.JobMessage;
import ai.nodetool.client.messages.JobStatus;
import ai.nodetool.client.messages.JobUpdate;
import ai.nodetool.client.messages.RunResult;
import ai.nodetool.client.streaming.MessageIterator;
import ai.nodetool.testserver.DemoWorkflowIds;
import ai.nodetool.testserver.Generation;
import ai.nodetool.testserver.NodeToolTestServer;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;

/**
 * Runs in a forked JVM of Java 21 or later (compiled for 17: virtual threads are reached through
 * reflection). For each server generation: {@code runs} blocking runs and {@code streams} blocking
 * stream iterations, each on its own virtual thread, all at once, through one client whose
 * callback executor is a virtual-thread-per-task executor too (so the SDK's stream reads run on
 * virtual threads as well). Records JFR's {@code jdk.VirtualThreadPinned} with no threshold (every
 * pinned park, however short) and, after everything is closed, lists the platform threads that did
 * not end. Prints {@code OK ...} and exits 0, or prints {@code FAIL ...} and exits 1.
 *
 * <p>With the argument {@code canary} it pins one virtual thread on purpose (a park inside a class
 * initializer, which pins on every JDK) and prints how many pinned events were seen, to show that
 * the detection works.
 */
public final class VirtualThreadsMain {
    private static final String PINNED = "jdk.VirtualThreadPinned";

    private VirtualThreadsMain() {}

    public static void main(String[] args) throws Exception {
        Path jfr = Files.createTempFile("vthreads", ".jfr");
        boolean canary = "canary".equals(args[0]);
        if (!canary) {
            // Loading and initializing a class pins the virtual thread that does it (on every JDK, JEP 491
            // included), and a thousand threads reaching a cold class at once wait for each other: a
            // JVM start-up effect, not a lock of the SDK. One call of each kind first loads them.
            load(1, 1);
        }
        try (Recording recording = new Recording()) {
            recording.enable(PINNED).withThreshold(Duration.ZERO).withStackTrace();
            recording.start();
            int exit = canary ? canary() : load(Integer.parseInt(args[0]), Integer.parseInt(args[1]));
            recording.stop();
            recording.dump(jfr);
            List<RecordedEvent> pinned = RecordingFile.readAllEvents(jfr).stream()
                    .filter(e -> e.getEventType().getName().equals(PINNED))
                    .collect(Collectors.toList());
            List<RecordedEvent> other =
                    pinned.stream().filter(e -> !classLoading(e)).collect(Collectors.toList());
            System.out.println("pinned events: " + pinned.size() + " (while loading a class: "
                    + (pinned.size() - other.size()) + ", other: " + other.size() + ")");
            pinned.stream()
                    .collect(Collectors.groupingBy(VirtualThreadsMain::where, Collectors.counting()))
                    .forEach((where, count) -> System.out.println("PINNED x" + count + " " + where));
            if (canary) {
                System.out.println(pinned.isEmpty() ? "FAIL canary: no pinned event" : "OK canary");
                System.exit(pinned.isEmpty() ? 1 : 0);
            }
            if (!other.isEmpty()) {
                exit = 1;
                System.out.println("FAIL: virtual threads were pinned");
            }
            System.exit(exit);
        } finally {
            Files.deleteIfExists(jfr);
        }
    }

    /**
     * Loading or initializing a class pins the virtual thread doing it on every JDK (JEP 491 lifted
     * only the monitor case); the warm-up loads nearly all, and the few a library loads lazily later
     * are a JVM effect, counted but not held against the SDK.
     */
    private static boolean classLoading(RecordedEvent e) {
        String reason = e.hasField("pinnedReason") ? e.getString("pinnedReason") : "";
        if (reason.startsWith("Waited for initialization")) {
            return true;
        }
        return e.getStackTrace() != null
                && e.getStackTrace().getFrames().stream()
                        .anyMatch(f -> f.getMethod().getName().equals("<clinit>")
                                || (f.getMethod().getType().getName().equals("java.lang.ClassLoader")
                                        && f.getMethod().getName().equals("loadClass")));
    }

    /** The pinned reason and the stack frames that say where, one line. */
    private static String where(RecordedEvent e) {
        StringBuilder s = new StringBuilder(
                e.hasField("pinnedReason") ? e.getString("pinnedReason") : "pinned"); // the field is new in 24
        if (e.getStackTrace() != null) {
            e.getStackTrace().getFrames().stream()
                    .limit(40)
                    .forEach(f -> s.append("\n    at ")
                            .append(f.getMethod().getType().getName())
                            .append('.')
                            .append(f.getMethod().getName())
                            .append(':')
                            .append(f.getLineNumber()));
        }
        return s.toString();
    }

    private static ExecutorService virtualThreads() throws ReflectiveOperationException {
        return (ExecutorService)
                Executors.class.getMethod("newVirtualThreadPerTaskExecutor").invoke(null);
    }

    private static int canary() throws Exception {
        ExecutorService vts = virtualThreads();
        vts.submit(() -> Slow.VALUE).get(10, TimeUnit.SECONDS);
        vts.shutdown();
        return 0;
    }

    /** Parks in its class initializer: a virtual thread running it is pinned on every JDK. */
    static final class Slow {
        static final int VALUE = init();

        private static int init() {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return 1;
        }
    }

    private static int load(int runs, int streams) throws Exception {
        Set<String> before = platformThreads();
        ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        ExecutorService callbacks = virtualThreads();
        for (Generation generation : Generation.values()) {
            try (NodeToolTestServer server = NodeToolTestServer.builder()
                            .generation(generation)
                            .maxConnections(8192)
                            .maxConcurrentJobs(100_000)
                            .maxRunsPerWorkflow(100_000)
                            .start();
                    NodeToolClient client = NodeToolClient.builder()
                            .baseUrl(server.baseUrl())
                            .apiToken(null)
                            .callbackExecutor(callbacks)
                            .build()) {
                long start = System.nanoTime();
                onVirtualThreads(runs, failures, i -> {
                    RunResult r = client.workflows().run(DemoWorkflowIds.GREETING, Map.of("name", "vt" + i));
                    if (!("Hello, vt" + i + "!").equals(r.output("greeting"))) {
                        failures.add("run " + i + ": " + r.outputs());
                    }
                });
                long runsDone = System.nanoTime();
                onVirtualThreads(streams, failures, i -> {
                    JobMessage last = null;
                    try (MessageIterator it = client.workflows().stream(
                                    DemoWorkflowIds.GREETING, Map.of("name", "vt" + i))
                            .iterator()) {
                        while (it.hasNext()) {
                            last = it.next();
                        }
                    }
                    if (!(last instanceof JobUpdate) || !JobStatus.COMPLETED.equals(((JobUpdate) last).status())) {
                        failures.add("stream " + i + " ended with " + last);
                    }
                });
                long streamsDone = System.nanoTime();
                System.out.printf(
                        "%s: %d blocking runs in %d ms, %d stream iterations in %d ms%n",
                        generation,
                        runs,
                        TimeUnit.NANOSECONDS.toMillis(runsDone - start),
                        streams,
                        TimeUnit.NANOSECONDS.toMillis(streamsDone - runsDone));
            }
        }
        callbacks.shutdown();
        if (!callbacks.awaitTermination(30, TimeUnit.SECONDS)) {
            failures.add("callback virtual threads still running after the clients closed");
        }
        System.out.println(
                "peak platform threads: " + ManagementFactory.getThreadMXBean().getPeakThreadCount());
        Set<String> leaked = Set.of();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            leaked = platformThreads();
            leaked.removeAll(before);
            leaked.removeIf(VirtualThreadsMain::jvmOrGlobal);
            if (leaked.isEmpty()) {
                break;
            }
            Thread.sleep(100);
        }
        if (!leaked.isEmpty()) {
            failures.add("platform threads left after close: " + leaked);
        }
        failures.stream().limit(10).forEach(f -> System.out.println("FAIL " + f));
        if (!failures.isEmpty()) {
            System.out.println("FAIL: " + failures.size() + " failures");
            return 1;
        }
        System.out.println(
                "OK " + runs + " runs and " + streams + " stream iterations per generation, no leaked thread");
        return 0;
    }

    /**
     * Threads that belong to the JVM or to OkHttp's process-wide task runner and watchdog (shared by
     * every OkHttp client, ended by themselves after a minute idle), not to a client or server.
     */
    private static boolean jvmOrGlobal(String name) {
        return name.startsWith("ForkJoinPool") // the virtual-thread scheduler's carriers
                || name.startsWith("VirtualThread-")
                || name.endsWith("Poller") // the JDK's I/O pollers for virtual threads (MasterPoller, ...)
                || name.startsWith("OkHttp TaskRunner")
                || name.startsWith("Okio Watchdog")
                || name.startsWith("JFR ")
                || name.equals("Attach Listener")
                || name.equals("process reaper");
    }

    private interface Task {
        void run(int i) throws Exception;
    }

    private static void onVirtualThreads(int n, ConcurrentLinkedQueue<String> failures, Task task) throws Exception {
        ExecutorService vts = virtualThreads();
        for (int i = 0; i < n; i++) {
            int index = i;
            vts.execute(() -> {
                try {
                    task.run(index);
                } catch (Throwable t) {
                    failures.add(index + ": " + t);
                }
            });
        }
        vts.shutdown();
        if (!vts.awaitTermination(240, TimeUnit.SECONDS)) {
            failures.add("tasks still running after 240 s");
        }
    }

    private static Set<String> platformThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(Thread::isAlive)
                .map(Thread::getName)
                .collect(Collectors.toCollection(TreeSet::new));
    }
}
