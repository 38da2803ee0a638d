package ai.nodetool.benchmarks.heavy;

/** The checks every contender applies to what it received, so that a fast wrong answer fails. */
final class Checks {
    private Checks() {}

    static long atLeast(long got, long expected, String what) {
        if (got < expected) {
            throw new IllegalStateException("received " + got + " " + what + ", expected at least " + expected);
        }
        return got;
    }

    static void equal(String got, String expected) {
        if (!expected.equals(got)) {
            throw new IllegalStateException("expected " + expected + ", got " + got);
        }
    }

    /** Checks the length and a sample of the large output; returns its length. */
    static long largeBytes(byte[] bytes) {
        if (bytes.length != HeavyWorkloads.LARGE_BYTES) {
            throw new IllegalStateException(
                    "the image has " + bytes.length + " bytes, expected " + HeavyWorkloads.LARGE_BYTES);
        }
        long wrong = ai.nodetool.testserver.Workloads.firstPatternMismatch(0, bytes, 0, bytes.length);
        if (wrong >= 0) {
            throw new IllegalStateException("the image differs at byte " + wrong);
        }
        return bytes.length;
    }
}
