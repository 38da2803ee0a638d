package ai.nodetool.benchmarks;

import java.util.concurrent.Callable;
import org.openjdk.jmh.infra.Blackhole;

/**
 * A cross-check of the JMH ratios on a machine shared with other work: runs each SDK benchmark
 * method and its baseline alternately, round after round, in one JVM, so that load from other
 * processes hits both sides alike, and prints throughput ratios (SDK / baseline) over the rounds
 * after a warm-up. Not a replacement for JMH; see docs/performance.md.
 *
 * <pre>java -cp nodetool-benchmarks.jar:... ai.nodetool.benchmarks.InterleavedRatios [rounds]</pre>
 */
public final class InterleavedRatios {

    private InterleavedRatios() {}

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 40;
        Blackhole bh = new Blackhole(
                "Today's password is swordfish. I understand instantiating Blackholes directly is dangerous.");
        NdjsonDecodeBenchmark decode = new NdjsonDecodeBenchmark();
        decode.setUp();
        HttpStreamBenchmark stream = new HttpStreamBenchmark();
        stream.setUp();
        ListenerHookBenchmark hook = new ListenerHookBenchmark();
        hook.setUp();
        report(
                "listener noneListener / noHook",
                rounds,
                200,
                () -> {
                    hook.noneListener(bh);
                    return (long) ListenerHookBenchmark.MESSAGES;
                },
                () -> {
                    hook.noHook(bh);
                    return (long) ListenerHookBenchmark.MESSAGES;
                });
        try {
            report(
                    "decode   sdkPublisher / baselineReadTree",
                    rounds,
                    5,
                    () -> decode.sdkPublisher(bh),
                    () -> decode.baselineReadTree(bh));
            report(
                    "ndjson   sdkNdjson / baselineNdjson",
                    rounds,
                    1,
                    () -> stream.sdkNdjson(bh),
                    () -> stream.baselineNdjson(bh));
        } finally {
            decode.tearDown();
            stream.tearDown();
        }
    }

    private static void report(String what, int rounds, int reps, Callable<Long> sdk, Callable<Long> baseline)
            throws Exception {
        long sdkNanos = 0;
        long baseNanos = 0;
        long sdkMessages = 0;
        long baseMessages = 0;
        int warmup = rounds / 3;
        for (int round = 0; round < rounds; round++) {
            long t0 = System.nanoTime();
            long a = 0;
            for (int i = 0; i < reps; i++) {
                a += sdk.call();
            }
            long t1 = System.nanoTime();
            long b = 0;
            for (int i = 0; i < reps; i++) {
                b += baseline.call();
            }
            long t2 = System.nanoTime();
            if (round >= warmup) {
                sdkNanos += t1 - t0;
                baseNanos += t2 - t1;
                sdkMessages += a;
                baseMessages += b;
            }
        }
        double sdkRate = sdkMessages / (sdkNanos / 1e9);
        double baseRate = baseMessages / (baseNanos / 1e9);
        System.out.printf("%s: %.0f / %.0f messages/s = %.2f%n", what, sdkRate, baseRate, sdkRate / baseRate);
    }
}
