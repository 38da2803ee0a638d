package ai.nodetool.testserver;

import java.io.PrintStream;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the test server standalone:
 * {@code java -jar nodetool-testserver-<version>-standalone.jar --port 7777 --generation legacy|current [--token T]}.
 * Prints the URLs it listens on and runs until Ctrl-C (or SIGTERM).
 */
public final class Main {
    private Main() {}

    /**
     * Starts the server from command-line arguments (see the class comment) and serves until the JVM
     * is stopped; exits with status 2 on bad arguments and 1 when the port cannot be bound.
     *
     * @param args {@code --port N}, {@code --generation legacy|current}, {@code --token T}, {@code --help}
     * @throws InterruptedException if interrupted while serving
     */
    public static void main(String[] args) throws InterruptedException {
        int code = run(args, System.out, System.err);
        if (code != 0) {
            System.exit(code);
        }
    }

    /** Parses the arguments and serves until the JVM shuts down; returns a non-zero exit code on bad arguments. */
    static int run(String[] args, PrintStream out, PrintStream err) throws InterruptedException {
        NodeToolTestServer.Builder builder = NodeToolTestServer.builder().port(7777);
        boolean heavy = false;
        int firehoseCount = Workloads.DEFAULT_FIREHOSE_COUNT;
        int firehosePayload = Workloads.DEFAULT_FIREHOSE_PAYLOAD_BYTES;
        int progressSteps = Workloads.DEFAULT_PROGRESS_STEPS;
        long binaryBytes = Workloads.DEFAULT_LARGE_BINARY_BYTES;
        try {
            for (int i = 0; i < args.length; i++) {
                String arg = args[i];
                switch (arg) {
                    case "--port":
                        builder.port(Integer.parseInt(value(args, ++i, arg)));
                        break;
                    case "--generation":
                        builder.generation(Generation.parse(value(args, ++i, arg)));
                        break;
                    case "--token":
                        builder.token(value(args, ++i, arg));
                        break;
                    case "--max-upload-bytes":
                        builder.maxUploadBytes(Long.parseLong(value(args, ++i, arg)));
                        break;
                    case "--legacy-version":
                        builder.legacyVersion(LegacyVersion.parse(value(args, ++i, arg)));
                        break;
                    case "--max-concurrent-jobs":
                        builder.maxConcurrentJobs(Integer.parseInt(value(args, ++i, arg)));
                        break;
                    case "--max-runs-per-workflow":
                        builder.maxRunsPerWorkflow(Integer.parseInt(value(args, ++i, arg)));
                        break;
                    case "--detach-grace-ms":
                        builder.jobDetachGrace(java.time.Duration.ofMillis(Long.parseLong(value(args, ++i, arg))));
                        break;
                    case "--replay-retention-ms":
                        builder.replayRetention(java.time.Duration.ofMillis(Long.parseLong(value(args, ++i, arg))));
                        break;
                    case "--older-kernel":
                        builder.nodeErrorsFailJob(false);
                        break;
                    case "--heavy-workloads":
                        heavy = true;
                        break;
                    case "--firehose-count":
                        firehoseCount = nonNegative(Integer.parseInt(value(args, ++i, arg)), arg);
                        break;
                    case "--firehose-payload-bytes":
                        firehosePayload = Integer.parseInt(value(args, ++i, arg));
                        if (firehosePayload < 1) {
                            throw new IllegalArgumentException(arg + " must be at least 1");
                        }
                        break;
                    case "--progress-steps":
                        progressSteps = nonNegative(Integer.parseInt(value(args, ++i, arg)), arg);
                        break;
                    case "--binary-bytes":
                        binaryBytes = Long.parseLong(value(args, ++i, arg));
                        if (binaryBytes < 0) {
                            throw new IllegalArgumentException(arg + " must not be negative");
                        }
                        break;
                    case "--help":
                    case "-h":
                        usage(out);
                        return 0;
                    default:
                        throw new IllegalArgumentException("unknown argument: " + arg);
                }
            }
        } catch (IllegalArgumentException e) {
            err.println("error: " + e.getMessage());
            usage(err);
            return 2;
        }
        NodeToolTestServer server;
        try {
            server = builder.start();
        } catch (RuntimeException e) {
            err.println("error: cannot start the server: " + e.getMessage());
            return 1;
        }
        if (heavy) {
            server.registerFirehose(Workloads.FIREHOSE, firehoseCount, firehosePayload);
            server.registerProgress(Workloads.PROGRESS, progressSteps);
            server.registerLargeBinary(Workloads.LARGE_BINARY, binaryBytes);
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            server.close();
                            stopped.countDown();
                        },
                        "nodetool-testserver-shutdown"));
        String played = server.generation() == Generation.LEGACY
                ? "legacy " + server.legacyVersion().name().toLowerCase(java.util.Locale.ROOT)
                : "current";
        out.println("NodeTool test server (" + played + ") listening on " + server.baseUrl());
        out.println("WebSocket: " + server.webSocketUrl());
        if (heavy) {
            out.println("Heavy workloads: " + Workloads.FIREHOSE + " (" + firehoseCount + " x " + firehosePayload
                    + " bytes), " + Workloads.PROGRESS + " (" + progressSteps + " steps), " + Workloads.LARGE_BINARY
                    + " (" + binaryBytes + " bytes)");
        }
        out.println("Press Ctrl-C to stop.");
        out.flush();
        stopped.await();
        return 0;
    }

    private static int nonNegative(int value, String option) {
        if (value < 0) {
            throw new IllegalArgumentException(option + " must not be negative");
        }
        return value;
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[i];
    }

    private static void usage(PrintStream out) {
        out.println(
                "usage: java -jar nodetool-testserver-standalone.jar [--port N] [--generation legacy|current] [--token T] "
                        + "[--legacy-version V] [current-generation options]");
        out.println("  --port N          port to listen on (default 7777; 0 picks a free one)");
        out.println("  --generation G    legacy (Gen A, default) or current (Gen C)");
        out.println("  --token T         require 'Authorization: Bearer T' (or ?api_key=T on WebSocket upgrades)");
        out.println("  --max-upload-bytes N  largest accepted upload (default "
                + NodeToolTestServer.DEFAULT_MAX_UPLOAD_BYTES + ")");
        out.println("  --legacy-version V  legacy release where releases differ: 0.6.0, 0.6.1, 0.6.2, 0.6.3-rc.26,");
        out.println("                      0.6.3-rc.27, 0.6.3-rc.47 (default, the newest)");
        out.println("  --max-concurrent-jobs N    current: runs in flight per user before run_job queues (default 4)");
        out.println("  --max-runs-per-workflow N  current: live runs of one workflow with concurrent:true (default 4)");
        out.println("  --detach-grace-ms MS       current: a detached run is cancelled after this (default 600000)");
        out.println("  --replay-retention-ms MS   current: a finished run stays replayable this long (default 300000)");
        out.println("  --older-kernel             current: a node error ends the job completed, not failed");
        out.println("  --heavy-workloads          register the heavy workloads for benchmarks (docs/testing.md):");
        out.println("      " + Workloads.FIREHOSE + "      --firehose-count N log_update messages (default "
                + Workloads.DEFAULT_FIREHOSE_COUNT + ") of");
        out.println("                          --firehose-payload-bytes B bytes of content each (default "
                + Workloads.DEFAULT_FIREHOSE_PAYLOAD_BYTES + ")");
        out.println("      " + Workloads.PROGRESS + "      --progress-steps N node_progress messages (default "
                + Workloads.DEFAULT_PROGRESS_STEPS + ")");
        out.println("      " + Workloads.LARGE_BINARY
                + "        --binary-bytes N: one image output of N pattern bytes (default "
                + Workloads.DEFAULT_LARGE_BINARY_BYTES + ")");
        out.println("demo workflows (id, name, inputs and outputs):");
        DemoWorkflowIds.usage().forEach(out::println);
    }
}
