package ai.nodetool.client.workflows;

import java.util.List;
import java.util.Optional;

/**
 * One page of a workflow listing: {@code {workflows, next}}.
 *
 * @param workflows the workflows of this page, unmodifiable
 * @param next the cursor of the next page, or null on the last page
 */
public record WorkflowPage(List<Workflow> workflows, String next) {
    /**
     * Copies the list.
     *
     * @param workflows the workflows, not null (copied; no null elements)
     * @param next the next cursor, or null on the last page
     * @throws NullPointerException if {@code workflows} or an element is null
     */
    public WorkflowPage {
        workflows = List.copyOf(workflows);
    }

    /** @return the next cursor, when there is a next page */
    public Optional<String> nextCursor() {
        return next == null || next.isEmpty() ? Optional.empty() : Optional.of(next);
    }

    /** @return true when the server announced another page */
    public boolean hasNext() {
        return nextCursor().isPresent();
    }
}
