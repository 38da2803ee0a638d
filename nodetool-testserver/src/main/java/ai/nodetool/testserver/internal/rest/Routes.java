package ai.nodetool.testserver.internal.rest;

import ai.nodetool.testserver.internal.net.RequestExchange;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A route table: method plus a path pattern of literal and {@code {name}} segments. Routes are tried
 * in the order added, so literal routes such as {@code /api/workflows/public} go before
 * {@code /api/workflows/{id}}. Not thread-safe while being built; read-only afterwards.
 */
final class Routes {
    /** Handles a matched route; {@code params} holds the values of the pattern's {@code {name}} segments. */
    @FunctionalInterface
    interface Handler {
        void handle(RequestExchange exchange, Map<String, String> params) throws IOException;
    }

    /** The outcome of looking a request up. */
    static final class Match {
        final Handler handler; // null when no route has this method and path
        final Map<String, String> params;
        final Set<String> allowedMethods; // methods of routes whose path matched (for a 405)

        Match(Handler handler, Map<String, String> params, Set<String> allowedMethods) {
            this.handler = handler;
            this.params = params;
            this.allowedMethods = allowedMethods;
        }

        boolean found() {
            return handler != null;
        }

        boolean pathKnown() {
            return !allowedMethods.isEmpty();
        }
    }

    private record Route(String method, String[] segments, Handler handler) {}

    private final List<Route> routes = new ArrayList<>();

    Routes add(String method, String pattern, Handler handler) {
        routes.add(new Route(method, split(pattern), handler));
        return this;
    }

    /** Looks up {@code method path}; the path must already be normalised as the generation does. */
    Match find(String method, String path) {
        String[] parts = split(path);
        Set<String> allowed = new LinkedHashSet<>();
        for (Route route : routes) {
            Map<String, String> params = bind(route.segments, parts);
            if (params == null) {
                continue;
            }
            if (route.method.equals(method)) {
                return new Match(route.handler, params, allowed);
            }
            allowed.add(route.method);
        }
        return new Match(null, Map.of(), allowed);
    }

    /** True when some route's path pattern matches {@code path}, whatever its method. */
    boolean knowsPath(String path) {
        String[] parts = split(path);
        for (Route route : routes) {
            if (bind(route.segments, parts) != null) {
                return true;
            }
        }
        return false;
    }

    private static Map<String, String> bind(String[] pattern, String[] parts) {
        if (pattern.length != parts.length) {
            return null;
        }
        Map<String, String> params = new LinkedHashMap<>();
        for (int i = 0; i < pattern.length; i++) {
            String p = pattern[i];
            if (p.startsWith("{") && p.endsWith("}")) {
                if (parts[i].isEmpty()) {
                    return null;
                }
                params.put(p.substring(1, p.length() - 1), parts[i]);
            } else if (!p.equals(parts[i])) {
                return null;
            }
        }
        return params;
    }

    /**
     * {@code /a/b/} splits into {@code ["a", "b", ""]}: a trailing slash is a segment of its own, so
     * {@code /api/workflows/} and {@code /api/workflows} are different paths (FastAPI, protocol-notes §4.4).
     */
    private static String[] split(String path) {
        String p = path.startsWith("/") ? path.substring(1) : path;
        return p.isEmpty() ? new String[0] : p.split("/", -1);
    }
}
