package ai.nodetool.testserver.internal.core;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The server's workflows, kept in insertion order (what list pages follow). Stores workflow objects
 * as given (canonical, generation-neutral); the REST layer shapes responses per generation.
 * Thread-safe; returned nodes are deep copies.
 */
public final class WorkflowStore {
    private final Map<String, ObjectNode> workflows = new LinkedHashMap<>();

    /** One page of a listing. */
    public record Page(List<ObjectNode> workflows, String next) {}

    /** A revision token of a stored workflow that changes whenever the workflow changes. */
    public static String etag(ObjectNode stored) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(stored.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public synchronized Optional<ObjectNode> get(String id) {
        ObjectNode found = workflows.get(id);
        return Optional.ofNullable(found == null ? null : found.deepCopy());
    }

    /** Inserts or replaces the workflow under its {@code id} field; a new id keeps its place when replaced. */
    public synchronized void put(ObjectNode workflow) {
        String id = workflow.path("id").asText(null);
        if (id == null || id.isEmpty()) {
            throw new IllegalArgumentException("workflow has no id");
        }
        workflows.put(id, workflow.deepCopy());
    }

    public synchronized boolean delete(String id) {
        return workflows.remove(id) != null;
    }

    public synchronized int size() {
        return workflows.size();
    }

    /**
     * Lists the workflows accepted by {@code filter}, {@code limit} at a time. The cursor is opaque
     * (the encoded id of the first workflow of the next page); an unknown cursor starts from the top.
     */
    public synchronized Page list(Predicate<ObjectNode> filter, int limit, String cursor) {
        List<ObjectNode> matching = new ArrayList<>();
        for (ObjectNode w : workflows.values()) {
            if (filter.test(w)) {
                matching.add(w);
            }
        }
        int start = 0;
        if (cursor != null && !cursor.isEmpty()) {
            String startId = decodeCursor(cursor);
            for (int i = 0; i < matching.size(); i++) {
                if (matching.get(i).path("id").asText().equals(startId)) {
                    start = i;
                    break;
                }
            }
        }
        int end = Math.min(matching.size(), start + Math.max(1, limit));
        List<ObjectNode> page = new ArrayList<>();
        for (int i = start; i < end; i++) {
            page.add(matching.get(i).deepCopy());
        }
        String next = end < matching.size()
                ? encodeCursor(matching.get(end).path("id").asText())
                : null;
        return new Page(page, next);
    }

    private static String encodeCursor(String id) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(id.getBytes(StandardCharsets.UTF_8));
    }

    private static String decodeCursor(String cursor) {
        try {
            return new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return "";
        }
    }
}
