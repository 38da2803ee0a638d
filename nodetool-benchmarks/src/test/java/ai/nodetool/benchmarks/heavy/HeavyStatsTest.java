package ai.nodetool.benchmarks.heavy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The heavy harness's own arithmetic and parsing, in process: no benchmark runs here. */
class HeavyStatsTest {

    @Test
    void medianOfOddAndEvenCountsAndSpread() {
        Stats odd = new Stats(List.of(5.0, 1.0, 3.0, 9.0, 7.0), 0);
        assertThat(odd.median()).isEqualTo(5.0);
        assertThat(odd.min()).isEqualTo(1.0);
        assertThat(odd.max()).isEqualTo(9.0);
        assertThat(Stats.median(List.of(4.0, 1.0, 3.0, 2.0))).isEqualTo(2.5);
        assertThat(Stats.median(List.of())).isNaN();
    }

    @Test
    void ratioOfARateIsTheSdkOverTheFastestOther() {
        Stats sdk = new Stats(List.of(200.0, 210.0, 190.0), 0);
        Stats slow = new Stats(List.of(100.0), 0);
        Stats fast = new Stats(List.of(400.0), 1);
        assertThat(Stats.ratio(Workload.Measure.RATE, sdk, List.of(slow, fast))).isCloseTo(0.5, within(1e-9));
    }

    @Test
    void ratioOfATimeIsTheFastestOtherOverTheSdk() {
        Stats sdk = new Stats(List.of(300.0), 0);
        Stats other = new Stats(List.of(150.0, 160.0, 140.0), 0);
        Stats failedOther = new Stats(List.of(), 5);
        assertThat(Stats.ratio(Workload.Measure.TIME, sdk, List.of(failedOther, other)))
                .isCloseTo(0.5, within(1e-9));
    }

    @Test
    void anSdkThatNeverSucceededScoresZeroAndNoOtherSuccessGivesNoRatio() {
        Stats failed = new Stats(List.of(), 5);
        Stats other = new Stats(List.of(1.0), 0);
        assertThat(Stats.ratio(Workload.Measure.RATE, failed, List.of(other))).isZero();
        assertThat(Stats.ratio(Workload.Measure.RATE, other, List.of(failed))).isNaN();
    }

    @Test
    void resultLineRoundTripsAndTheLastLineWins() {
        String out = "noise\n" + ResultLine.format(new Run(1, 2, 3)) + "\nmore noise\n"
                + ResultLine.format(new Run(200_002, 1_000_000_000L, 500)) + "\n";
        assertThat(ResultLine.parse(out)).contains(new Run(200_002, 1_000_000_000L, 500));
        assertThat(Workload.NDJSON.figure(new Run(200_002, 1_000_000_000L, 500)))
                .isEqualTo(200_002.0);
        assertThat(Workload.THOUSAND_JOBS.figure(new Run(1000, 250_000_000L, -1)))
                .isEqualTo(250.0);
    }

    @Test
    void aFailureLineIsAnErrorAndAMissingLineIsEmpty() {
        String failed = ResultLine.failure(new IllegalStateException("outer", new OutOfMemoryError("Java heap space")));
        assertThatThrownBy(() -> ResultLine.parse(failed))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("outer")
                .hasMessageContaining("Java heap space");
        assertThat(ResultLine.parse("Terminating due to java.lang.OutOfMemoryError"))
                .isEmpty();
        // the Node.js contender's line
        assertThat(ResultLine.parse("RESULT {\"ok\":true,\"items\":1000,\"nanos\":3197931506,\"cpuNanos\":366606000}"))
                .contains(new Run(1000, 3_197_931_506L, 366_606_000L));
    }

    @Test
    void cellsShowMedianSpreadFailuresAndCpu() {
        assertThat(HeavyRatios.cell(new Stats(List.of(1500.0, 1000.0, 2000.0), 1), List.of(10.0, 30.0, 20.0)))
                .isEqualTo("1,500 (1,000–2,000), 1 failed; CPU 20 ms");
        assertThat(HeavyRatios.cell(new Stats(List.of(), 5), List.of())).isEqualTo("all 5 failed");
        assertThat(Workload.parse("ws-firehose")).isEqualTo(Workload.WS_FIREHOSE);
        assertThatThrownBy(() -> Workload.parse("nope")).isInstanceOf(IllegalArgumentException.class);
    }
}
