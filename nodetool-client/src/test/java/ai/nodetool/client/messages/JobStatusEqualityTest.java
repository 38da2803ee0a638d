package ai.nodetool.client.messages;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * {@link JobStatus} writes out its {@code equals} and {@code hashCode} (so that no method-handle classes
 * are spun at their first call); they keep the record's contract: equal exactly when the values are.
 */
class JobStatusEqualityTest {
    @Test
    void equalWhenTheValuesAreEqual() {
        JobStatus parsed = JobStatus.of("COMPLETED");
        assertThat(parsed).isEqualTo(JobStatus.COMPLETED).isNotSameAs(JobStatus.COMPLETED);
        assertThat(parsed.hashCode()).isEqualTo(JobStatus.COMPLETED.hashCode());
        assertThat(new JobStatus("weird")).isEqualTo(JobStatus.of("weird"));
        assertThat(new JobStatus("weird").hashCode()).isEqualTo("weird".hashCode());
    }

    @Test
    void differentValuesAreDifferent() {
        assertThat(JobStatus.COMPLETED).isNotEqualTo(JobStatus.FAILED);
        // An unknown status keeps its spelling, so it differs from the known one in another case.
        assertThat(JobStatus.of("Frozen")).isNotEqualTo(JobStatus.of("frozen"));
        assertThat(JobStatus.RUNNING.equals(null)).isFalse();
        assertThat(JobStatus.RUNNING.equals("running")).isFalse();
    }

    @Test
    void worksAsASetElement() {
        Set<JobStatus> terminal = new HashSet<>();
        for (String s : new String[] {"completed", "failed", "cancelled", "error", "timed_out", "completed"}) {
            terminal.add(JobStatus.of(s));
        }
        assertThat(terminal).hasSize(5).contains(JobStatus.CANCELLED, JobStatus.TIMED_OUT);
        assertThat(terminal.contains(JobStatus.RUNNING)).isFalse();
    }
}
