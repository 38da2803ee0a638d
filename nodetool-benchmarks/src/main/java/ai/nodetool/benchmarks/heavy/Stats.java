package ai.nodetool.benchmarks.heavy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The figures of one contender on one workload over the measured rounds: median and spread of the
 * successful rounds, and how many rounds failed.
 *
 * @param values the successful rounds' figures, in round order
 * @param failures rounds that failed
 */
record Stats(List<Double> values, int failures) {

    Stats {
        values = List.copyOf(values);
    }

    boolean any() {
        return !values.isEmpty();
    }

    double median() {
        return median(values);
    }

    double min() {
        return values.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
    }

    double max() {
        return values.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
    }

    /** The median of {@code xs} (the mean of the middle two for an even count); NaN when empty. */
    static double median(List<Double> xs) {
        if (xs.isEmpty()) {
            return Double.NaN;
        }
        List<Double> sorted = new ArrayList<>(xs);
        Collections.sort(sorted);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    /**
     * The SDK's speed relative to the best other contender, as a factor where above 1 means the SDK
     * is faster: for a rate the SDK's median over the best median, for a time the best median over
     * the SDK's. 0 when the SDK never succeeded; NaN when no other contender did.
     */
    static double ratio(Workload.Measure measure, Stats sdk, List<Stats> others) {
        double best = Double.NaN;
        for (Stats s : others) {
            if (!s.any()) {
                continue;
            }
            double m = s.median();
            if (Double.isNaN(best) || (measure == Workload.Measure.RATE ? m > best : m < best)) {
                best = m;
            }
        }
        if (Double.isNaN(best)) {
            return Double.NaN;
        }
        if (!sdk.any()) {
            return 0;
        }
        return measure == Workload.Measure.RATE ? sdk.median() / best : best / sdk.median();
    }
}
