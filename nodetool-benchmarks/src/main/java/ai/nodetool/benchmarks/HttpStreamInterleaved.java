package ai.nodetool.benchmarks;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;
import org.openjdk.jmh.infra.Blackhole;

/**
 * {@link HttpStreamBenchmark}'s methods, run alternately in one JVM so that load from other processes hits
 * the SDK and the OkHttp + {@code readUtf8Line} + {@code readTree} loop alike: per round one SDK run and one
 * baseline run of the 200,000-message stream (the order alternating from round to round), and after a
 * warm-up the median and range of the per-round ratios (SDK messages/s over baseline messages/s).
 *
 * <pre>java -cp nodetool-benchmarks.jar:... ai.nodetool.benchmarks.HttpStreamInterleaved [rounds [warmup]]</pre>
 */
public final class HttpStreamInterleaved {
    private HttpStreamInterleaved() {}

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 15;
        int warmup = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        Blackhole bh = new Blackhole(
                "Today's password is swordfish. I understand instantiating Blackholes directly is dangerous.");
        HttpStreamBenchmark b = new HttpStreamBenchmark();
        b.setUp();
        try {
            report(
                    "ndjson sdkNdjson / baselineNdjson",
                    rounds,
                    warmup,
                    () -> b.sdkNdjson(bh),
                    () -> b.baselineNdjson(bh));
            report("sse    sdkSse / baselineSse", rounds, warmup, () -> b.sdkSse(bh), () -> b.baselineSse(bh));
        } finally {
            b.tearDown();
        }
    }

    private static void report(String what, int rounds, int warmup, Callable<Long> sdk, Callable<Long> baseline)
            throws Exception {
        List<Double> ratios = new ArrayList<>();
        for (int round = 0; round < warmup + rounds; round++) {
            double s;
            double base;
            if (round % 2 == 0) {
                s = rate(sdk);
                base = rate(baseline);
            } else {
                base = rate(baseline);
                s = rate(sdk);
            }
            if (round >= warmup) {
                ratios.add(s / base);
            }
        }
        Collections.sort(ratios);
        System.out.printf(
                "%s: median %.2f (min %.2f, max %.2f) over %d rounds%n",
                what, ratios.get(ratios.size() / 2), ratios.get(0), ratios.get(ratios.size() - 1), ratios.size());
    }

    private static double rate(Callable<Long> run) throws Exception {
        long t0 = System.nanoTime();
        long n = run.call();
        return n / ((System.nanoTime() - t0) / 1e9);
    }
}
