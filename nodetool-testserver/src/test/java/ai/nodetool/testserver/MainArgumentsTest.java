package ai.nodetool.testserver;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The standalone server's new options are parsed and documented (it exits before serving here). */
class MainArgumentsTest {

    private static String[] run(String... args) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(
                args,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new String[] {
            Integer.toString(code), out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8)
        };
    }

    @Test
    void helpListsTheLegacyVersionAndTheCurrentGenerationLimits() throws Exception {
        String[] result = run("--help");
        assertThat(result[0]).isEqualTo("0");
        assertThat(result[1])
                .contains("--legacy-version", "0.6.3-rc.47", "--max-concurrent-jobs", "--max-runs-per-workflow")
                .contains("--detach-grace-ms", "--replay-retention-ms", "--older-kernel");
    }

    @Test
    void anUnknownLegacyVersionOrABadLimitIsRejected() throws Exception {
        String[] version = run("--legacy-version", "0.9.0");
        assertThat(version[0]).isEqualTo("2");
        assertThat(version[2]).contains("legacy version must be one of");
        assertThat(run("--max-concurrent-jobs", "0")[0]).isEqualTo("2");
        assertThat(run("--max-runs-per-workflow", "x")[0]).isEqualTo("2");
    }
}
