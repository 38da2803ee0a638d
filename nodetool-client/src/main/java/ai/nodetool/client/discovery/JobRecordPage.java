package ai.nodetool.client.discovery;

import java.util.List;

/**
 * Job records: a bare array (v0.6.0/0.6.1) or {@code {"jobs", "next_start_key"}} (from v0.6.2,
 * protocol-notes §11.10) both read into this.
 *
 * @param jobs the records
 * @param nextStartKey the key of the next page, or null
 */
public record JobRecordPage(List<JobRecord> jobs, String nextStartKey) {
    /** @return true when another page follows */
    public boolean hasNext() {
        return nextStartKey != null && !nextStartKey.isEmpty();
    }
}
