package ai.nodetool.benchmarks.heavy;

import java.util.Locale;

/**
 * One client process of the heavy benchmarks: runs one workload with one Java contender
 * {@code warmups} times unmeasured, then once measured, and prints one line
 * {@code RESULT {"ok":true,"items":…,"nanos":…,"cpuNanos":…}} (or {@code "ok":false} with the
 * error) for {@link HeavyRatios} to read. The Node.js contender prints the same line.
 *
 * <pre>java -Xmx128m -cp … ai.nodetool.benchmarks.heavy.HeavyClient WORKLOAD sdk|java LEGACY_URL CURRENT_URL [WARMUPS]</pre>
 */
public final class HeavyClient {

    private HeavyClient() {}

    public static void main(String[] args) {
        if (args.length < 4) {
            System.err.println("usage: HeavyClient WORKLOAD sdk|java LEGACY_URL CURRENT_URL [WARMUPS]");
            System.exit(2);
        }
        Workload workload = Workload.parse(args[0]);
        String legacy = slash(args[2]);
        String current = slash(args[3]);
        int warmups = args.length > 4 ? Integer.parseInt(args[4]) : workload.warmups();
        Contender contender;
        switch (args[1].toLowerCase(Locale.ROOT)) {
            case "sdk":
                contender = new SdkClient();
                break;
            case "java":
                contender = new HandWrittenClient();
                break;
            default:
                System.err.println("unknown contender: " + args[1]);
                System.exit(2);
                return;
        }
        int code = 0;
        try {
            Run run = null;
            for (int i = 0; i <= warmups; i++) {
                run = workload.run(contender, legacy, current);
            }
            System.out.println(ResultLine.format(run));
        } catch (Throwable t) {
            System.out.println(ResultLine.failure(t));
            code = 1;
        } finally {
            contender.close();
        }
        System.out.flush();
        // Client libraries may leave non-daemon threads behind for a while; the result is printed.
        System.exit(code);
    }

    private static String slash(String url) {
        return url.endsWith("/") ? url : url + "/";
    }
}
