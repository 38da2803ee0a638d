package ai.nodetool.benchmarks.heavy;

/**
 * What one measured iteration of one client did: how many items (frames, lines, jobs or bytes) it
 * received and checked, its wall time, and the process CPU time it used.
 *
 * @param items items received and checked
 * @param nanos wall time of the measured iteration
 * @param cpuNanos process CPU time (all threads) over the iteration, or -1 when unknown
 */
record Run(long items, long nanos, long cpuNanos) {}
