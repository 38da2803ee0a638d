package ai.nodetool.testserver;

import ai.nodetool.testserver.internal.core.LegacyRelease;
import java.util.Locale;

/**
 * Which release of NodeTool's Python server the test server plays when it plays
 * {@link Generation#LEGACY}, for the few answers that changed between releases (see
 * {@code docs/compatibility.md}). Everything else is the same for every release. The default is
 * {@link #V0_6_3_RC47}, the newest.
 *
 * <table>
 *   <caption>What differs</caption>
 *   <tr><th>Release</th><th>Blocking {@code POST /api/workflows/{id}/run}</th><th>Refused WebSocket upgrade</th><th>{@code /ping}</th></tr>
 *   <tr><td>{@link #V0_6_0}</td><td>always {@code 200 {}}, even for a failed run</td><td>no auth on {@code /predict}</td><td>the worker's {@code {"status":"healthy","timestamp"}} (naive ISO time)</td></tr>
 *   <tr><td>{@link #V0_6_1}</td><td>always {@code 200 {}}</td><td>HTTP 403, empty body</td><td>as v0.6.0</td></tr>
 *   <tr><td>{@link #V0_6_2}</td><td>always {@code 200 {}}</td><td>{@code 101}, then close 1008 with a reason</td><td>as v0.6.0</td></tr>
 *   <tr><td>{@link #V0_6_3_RC26}</td><td>always {@code 200 {}}</td><td>close 1008</td><td>the editor's body, {@code +00:00} time</td></tr>
 *   <tr><td>{@link #V0_6_3_RC27}, {@link #V0_6_3_RC47}</td><td>{@code {name: last value}}; a failed run is {@code 500 {"detail"}}</td><td>close 1008</td><td>the editor's body, {@code +00:00} time</td></tr>
 * </table>
 *
 * <p>{@code /health} answers the JSON string {@code "OK"} in every release.
 */
public enum LegacyVersion {
    /** v0.6.0 (2025-10-12). */
    V0_6_0,
    /** v0.6.1 (2025-11-13). */
    V0_6_1,
    /** v0.6.2 (2026-01-20). */
    V0_6_2,
    /** v0.6.3-rc.26, the last release with the always-empty blocking run result. */
    V0_6_3_RC26,
    /** v0.6.3-rc.27 (2026-02-24), the first with blocking run results and HTTP 500 for failed runs. */
    V0_6_3_RC27,
    /** v0.6.3-rc.47 (2026-03-19), the newest; the default. */
    V0_6_3_RC47;

    /**
     * Parses a release name such as {@code 0.6.2}, {@code v0.6.3-rc27} or {@code 0.6.3-rc.47},
     * case-insensitively.
     *
     * @param text the release, may be null (then rejected)
     * @return the version
     * @throws IllegalArgumentException for a release this server does not know
     */
    public static LegacyVersion parse(String text) {
        String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        if (t.startsWith("v")) {
            t = t.substring(1);
        }
        t = t.replace("rc.", "rc");
        switch (t) {
            case "0.6.0":
                return V0_6_0;
            case "0.6.1":
                return V0_6_1;
            case "0.6.2":
                return V0_6_2;
            case "0.6.3-rc26":
                return V0_6_3_RC26;
            case "0.6.3-rc27":
                return V0_6_3_RC27;
            case "0.6.3-rc47":
                return V0_6_3_RC47;
            default:
                throw new IllegalArgumentException("legacy version must be one of 0.6.0, 0.6.1, 0.6.2, 0.6.3-rc.26, "
                        + "0.6.3-rc.27, 0.6.3-rc.47, not '" + text + "'");
        }
    }

    LegacyRelease release() {
        return LegacyRelease.valueOf(name());
    }
}
