package ai.nodetool.client.vthreads;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Virtual threads (docs/production.md, "Virtual threads"): 1,000 blocking runs and 1,000 blocking
 * stream iterations per server generation, each from its own virtual thread, against the real test
 * server, in a forked JVM of Java 21 or later ({@link VirtualThreadsMain}, compiled for 17 like the
 * library), with {@code -Djdk.tracePinnedThreads=full} (Java 21 to 23; removed in 24) and JFR's
 * {@code jdk.VirtualThreadPinned} event recorded with no threshold (every JDK since 21): no pinned
 * virtual thread, no failed call and no platform thread left after close. Skipped when no JDK 21+
 * is found: set {@code -Dnodetool.jdk21=/path/to/jdk} or install one under {@code /usr/lib/jvm}.
 */
class VirtualThreadsServerTest {
    private static final Pattern VERSION = Pattern.compile("JAVA_VERSION=\"(\\d+)");

    @Test
    void thousandsOfBlockingCallsOnVirtualThreadsPinNothingAndLeakNothing() throws Exception {
        Path java = java21OrLater().orElse(null);
        Assumptions.assumeTrue(
                java != null,
                "no JDK 21 or later found (java.home, -Dnodetool.jdk21, /usr/lib/jvm); the library itself targets 17");

        String output = fork(java, "1000", "1000");

        System.out.println(output.trim());
        assertThat(output)
                .contains("OK 1000 runs and 1000 stream iterations")
                .containsPattern("pinned events: \\d+ \\(while loading a class: \\d+, other: 0\\)");
        assertThat(output)
                .as("-Djdk.tracePinnedThreads=full reports (Java 21-23)")
                .doesNotContain("<== monitors");
    }

    @Test
    void theDetectionSeesAPinnedVirtualThread() throws Exception {
        Path java = java21OrLater().orElse(null);
        Assumptions.assumeTrue(java != null, "no JDK 21 or later found");

        String output = fork(java, "canary");

        assertThat(output).contains("OK canary");
    }

    private static String fork(Path java, String... args) throws IOException, InterruptedException {
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> command = new ArrayList<>(List.of(
                java.toString(),
                "-Djdk.tracePinnedThreads=full",
                "-Xss512k",
                "-cp",
                classpath,
                VirtualThreadsMain.class.getName()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getOutputStream().close();
        StringBuilder out = new StringBuilder();
        Thread reader = new Thread(() -> {
            try {
                out.append(new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                out.append("reading the output failed: ").append(e);
            }
        });
        reader.start();
        boolean finished = process.waitFor(600, TimeUnit.SECONDS);
        if (!finished) {
            process.destroyForcibly();
        }
        reader.join(10_000);
        String output = out.toString();
        assertThat(finished).as("forked JVM finished; output: %s", output).isTrue();
        assertThat(process.exitValue()).as("exit code; output: %s", output).isZero();
        return output;
    }

    /** The {@code java} of a JDK 21 or later: the running one, a configured one, or one under /usr/lib/jvm. */
    static Optional<Path> java21OrLater() throws IOException {
        List<Path> homes = new ArrayList<>();
        homes.add(Path.of(System.getProperty("java.home")));
        String configured = System.getProperty("nodetool.jdk21");
        if (configured != null && !configured.isBlank()) {
            homes.add(0, Path.of(configured));
        }
        Path jvms = Path.of("/usr/lib/jvm");
        if (Files.isDirectory(jvms)) {
            try (Stream<Path> list = Files.list(jvms)) {
                list.sorted(Comparator.reverseOrder()).forEach(homes::add);
            }
        }
        for (Path home : homes) {
            Path java = home.resolve("bin").resolve(File.separatorChar == '\\' ? "java.exe" : "java");
            if (Files.isExecutable(java) && feature(home) >= 21) {
                return Optional.of(java);
            }
        }
        return Optional.empty();
    }

    private static int feature(Path home) throws IOException {
        Path release = home.resolve("release");
        if (!Files.isRegularFile(release)) {
            return 0;
        }
        Matcher m = VERSION.matcher(Files.readString(release));
        return m.find() ? Integer.parseInt(m.group(1)) : 0;
    }
}
