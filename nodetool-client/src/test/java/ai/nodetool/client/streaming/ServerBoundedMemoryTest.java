package ai.nodetool.client.streaming;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Memory stays bounded end to end (DESIGN.md §5): a million ~200-byte NDJSON messages (about
 * 200 MB) from the real test server through {@code workflows().stream()}, in a forked JVM with a
 * 64 MiB heap shared by server and client, read one message at a time.
 */
class ServerBoundedMemoryTest {

    @Test
    void aMillionMessageRunStreamsInASixtyFourMegabyteHeap() throws Exception {
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
        Process process = new ProcessBuilder(List.of(java, "-Xmx64m", "-XX:+UseSerialGC",
                "-XX:+ExitOnOutOfMemoryError", "-cp", classpath, ServerBoundedMemoryMain.class.getName(), "1000000"))
                .redirectErrorStream(true)
                .start();
        process.getOutputStream().close();
        boolean finished = process.waitFor(150, TimeUnit.SECONDS);
        if (!finished) {
            process.destroyForcibly();
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        System.out.println(output.trim());
        assertThat(finished).as("forked JVM finished; output: %s", output).isTrue();
        assertThat(process.exitValue()).as("exit code; output: %s", output).isZero();
        assertThat(output).contains("OK 1000000 messages");
    }
}
