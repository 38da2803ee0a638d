package ai.nodetool.testserver.internal.core;

/**
 * The Gen A/B releases whose wire behaviour differs in ways a client can see (protocol-notes §3.3,
 * §4.7, §5.2), oldest first. The public {@code LegacyVersion} mirrors these constants one to one.
 */
public enum LegacyRelease {
    /** v0.6.0 (2025-10-12): no auth on {@code /predict}; the blocking run always answers {@code {}}. */
    V0_6_0,
    /** v0.6.1 (2025-11-13): a refused upgrade is a bare HTTP 403. */
    V0_6_1,
    /** v0.6.2 (2026-01-20): a refused upgrade is accepted, then closed with 1008 and a reason. */
    V0_6_2,
    /** v0.6.3-rc.26: the last release whose blocking run always answers {@code {}} with HTTP 200. */
    V0_6_3_RC26,
    /** v0.6.3-rc.27 (2026-02-24): the blocking run answers {@code {name: last value}}, a failure 500. */
    V0_6_3_RC27,
    /** v0.6.3-rc.47 (2026-03-19), the newest Gen B release read. */
    V0_6_3_RC47;

    /** Whether this release is {@code other} or newer. */
    public boolean atLeast(LegacyRelease other) {
        return compareTo(other) >= 0;
    }
}
