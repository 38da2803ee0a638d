package ai.nodetool.client.internal.flow;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Memory stays bounded however long the stream (DESIGN.md §5): a million ~200-byte NDJSON
 * messages (about 200 MB, generated lazily) through the decoder and the publisher, in a forked
 * JVM limited to a 64 MiB heap, with a subscriber requesting one message at a time.
 */
class BoundedMemoryTest {

    @Test
    void aMillionMessagesFitInASixtyFourMegabyteHeap() throws Exception {
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
        Process process = new ProcessBuilder(List.of(java, "-Xmx64m", "-XX:+UseSerialGC",
                "-XX:+ExitOnOutOfMemoryError", "-cp", classpath, BoundedMemoryMain.class.getName(), "1000000"))
                .redirectErrorStream(true)
                .start();
        process.getOutputStream().close();
        boolean finished = process.waitFor(150, TimeUnit.SECONDS);
        if (!finished) {
            process.destroyForcibly();
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(finished).as("forked JVM finished; output: %s", output).isTrue();
        assertThat(process.exitValue()).as("exit code; output: %s", output).isZero();
        assertThat(output).contains("OK 1000000 messages");
    }
}
