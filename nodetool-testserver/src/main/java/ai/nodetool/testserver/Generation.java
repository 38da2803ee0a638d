package ai.nodetool.testserver;

import ai.nodetool.testserver.internal.core.Dialect;
import java.util.Locale;

/**
 * The NodeTool server generation the test server plays (protocol-notes §1.1).
 */
public enum Generation {
    /**
     * Gen A, the Python FastAPI server documented by NodeTool's Workflow API Guide: flat run results,
     * {@code ?stream=true} NDJSON, the Worker API with SSE, WebSocket {@code /predict}, errors as {@code {"detail"}}.
     */
    LEGACY,
    /**
     * Gen C, the TypeScript server NodeTool runs today: run envelopes, WebSocket {@code /ws} with
     * {@code job_seq} replay, untyped command replies, {@code 401 {"error"}}.
     */
    CURRENT;

    /**
     * The WebSocket path this generation serves.
     *
     * @return {@code /predict} or {@code /ws}
     */
    public String webSocketPath() {
        return dialect().webSocketPath();
    }

    /** The internal dialect that plays this generation. */
    Dialect dialect() {
        return dialect(LegacyVersion.V0_6_3_RC47);
    }

    /** The internal dialect that plays this generation, as {@code version} for {@link #LEGACY}. */
    Dialect dialect(LegacyVersion version) {
        return switch (this) {
            case LEGACY -> Dialect.legacy(version.release());
            case CURRENT -> Dialect.current();
        };
    }

    /**
     * Parses {@code legacy}/{@code current} (also {@code a}/{@code c}), case-insensitively.
     *
     * @param text the name, may be null (then rejected)
     * @return the generation
     * @throws IllegalArgumentException for anything else
     */
    public static Generation parse(String text) {
        switch (text == null ? "" : text.trim().toLowerCase(Locale.ROOT)) {
            case "legacy":
            case "a":
                return LEGACY;
            case "current":
            case "c":
                return CURRENT;
            default:
                throw new IllegalArgumentException("generation must be 'legacy' or 'current', not '" + text + "'");
        }
    }
}
