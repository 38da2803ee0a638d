package ai.nodetool.benchmarks.heavy;

import java.lang.management.ManagementFactory;

/** Wall and process CPU time of one iteration. */
final class Clock {
    private final long wall;
    private final long cpu;

    private Clock(long wall, long cpu) {
        this.wall = wall;
        this.cpu = cpu;
    }

    static Clock start() {
        return new Clock(System.nanoTime(), processCpu());
    }

    Run stop(long items) {
        long end = System.nanoTime();
        long cpuEnd = processCpu();
        return new Run(items, end - wall, cpu < 0 || cpuEnd < 0 ? -1 : cpuEnd - cpu);
    }

    private static long processCpu() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return -1;
    }
}
