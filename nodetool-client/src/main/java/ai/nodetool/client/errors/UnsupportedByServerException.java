package ai.nodetool.client.errors;

/**
 * The server does not offer a feature the call needs: a legacy server (Gen A/B) has no SDK v1 routes,
 * a current server (Gen C) has no REST job routes, an older Gen C has no temporary uploads, and so on.
 * Thrown instead of the raw 404 (kept as the {@linkplain #getCause() cause}) or a wait that would never end.
 * Retrying does not help; use another feature or another server.
 */
public class UnsupportedByServerException extends NodeToolException {
    private static final long serialVersionUID = 1L;

    private final String feature;
    private final String serverGeneration;

    /**
     * @param feature what the caller asked for, e.g. {@code "SDK v1 capabilities (GET /api/sdk/v1/capabilities)"}
     * @param serverGeneration what the client knows of the server, e.g. {@code "legacy (Gen A/B)"}
     * @param cause the answer that showed it (usually a {@link NotFoundException}), or null
     */
    public UnsupportedByServerException(String feature, String serverGeneration, Throwable cause) {
        super(
                feature + " is not supported by this server (" + serverGeneration + ")"
                        + (cause == null ? "" : ": " + cause.getMessage()),
                cause);
        this.feature = feature;
        this.serverGeneration = serverGeneration;
    }

    /** @return the feature the call needed */
    public String feature() {
        return feature;
    }

    /** @return the server generation as far as the client could tell, e.g. {@code "legacy (Gen A/B)"} */
    public String serverGeneration() {
        return serverGeneration;
    }
}
