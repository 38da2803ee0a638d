package ai.nodetool.client.discovery;

import java.util.List;
import java.util.Optional;

/**
 * One page of workflow summaries.
 *
 * @param workflows the summaries, in server order
 * @param next the cursor of the next page, or null on the last page
 */
public record WorkflowSummaryPage(List<WorkflowSummary> workflows, String next) {
    /** @return true when another page follows */
    public boolean hasNext() {
        return next != null && !next.isEmpty();
    }

    /** @return the next page's cursor, when there is one */
    public Optional<String> nextCursor() {
        return hasNext() ? Optional.of(next) : Optional.empty();
    }
}
