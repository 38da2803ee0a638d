package ai.nodetool.client.workflows;

import java.util.List;
import java.util.Optional;

/**
 * Query of {@code GET /api/workflows} (protocol-notes §4.3, §4.4). All optional. Immutable.
 *
 * @param limit page size (server default 100, Gen C caps at 500), or null
 * @param cursor the {@code next} cursor of the previous page, or null
 * @param runMode only workflows of this run mode, or null
 * @param columns columns to return (Gen A/B; Gen C ignores it), or null
 */
public record ListWorkflowsParams(Integer limit, String cursor, String runMode, List<String> columns) {
    /**
     * Checks the values.
     *
     * @param limit page size, positive, or null for the server default
     * @param cursor the previous page's {@code next}, or null
     * @param runMode a run mode to filter by, or null
     * @param columns columns to return, or null
     * @throws IllegalArgumentException if {@code limit} is not positive
     */
    public ListWorkflowsParams {
        if (limit != null && limit <= 0) {
            throw new IllegalArgumentException("limit must be positive");
        }
        columns = columns == null ? null : List.copyOf(columns);
    }

    /** @return a builder */
    public static Builder builder() {
        return new Builder();
    }

    /** @return a builder with these values */
    public Builder toBuilder() {
        return new Builder().limit(limit).cursor(cursor).runMode(runMode).columns(columns);
    }

    /**
     * @param nextCursor the cursor
     * @return a copy with another cursor
     */
    public ListWorkflowsParams withCursor(String nextCursor) {
        return new ListWorkflowsParams(limit, nextCursor, runMode, columns);
    }

    /** @return the cursor, if set */
    public Optional<String> cursorValue() {
        return Optional.ofNullable(cursor);
    }

    /** Builder of {@link ListWorkflowsParams}. */
    public static final class Builder {
        private Integer limit;
        private String cursor;
        private String runMode;
        private List<String> columns;

        private Builder() {}

        /**
         * @param limit page size or null
         * @return this builder
         */
        public Builder limit(Integer limit) {
            this.limit = limit;
            return this;
        }

        /**
         * @param cursor cursor or null
         * @return this builder
         */
        public Builder cursor(String cursor) {
            this.cursor = cursor;
            return this;
        }

        /**
         * @param runMode run mode or null
         * @return this builder
         */
        public Builder runMode(String runMode) {
            this.runMode = runMode;
            return this;
        }

        /**
         * @param columns columns or null
         * @return this builder
         */
        public Builder columns(List<String> columns) {
            this.columns = columns;
            return this;
        }

        /** @return the params */
        public ListWorkflowsParams build() {
            return new ListWorkflowsParams(limit, cursor, runMode, columns);
        }
    }
}
