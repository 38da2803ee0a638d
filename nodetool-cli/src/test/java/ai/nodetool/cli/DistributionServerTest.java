package ai.nodetool.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ai.nodetool.testserver.NodeToolTestServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged tool as a user runs it, in separate processes: {@code bin/nodetool} of the unpacked
 * distribution and {@code java -jar} of the runnable jar, against a test server. Runs after
 * {@code package} (failsafe, integration-test phase), since it needs what {@code package} builds.
 */
class DistributionServerTest {
    private static final Path TARGET = Path.of(System.getProperty("nodetool.cli.target", "target"));
    private static final String VERSION = System.getProperty("nodetool.cli.version", "0.1.0-SNAPSHOT");
    private static final Path HOME = TARGET.resolve("nodetool-cli-" + VERSION);

    private static NodeToolTestServer server;

    @TempDir
    Path cache;

    @BeforeAll
    static void startServer() {
        server = NodeToolTestServer.start();
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    /** The outcome of one process. */
    private record Ran(int code, String out, String err) {}

    private Ran run(Map<String, String> env, String... command) throws Exception {
        Path out = Files.createTempFile(cache, "out", ".txt");
        Path err = Files.createTempFile(cache, "err", ".txt");
        ProcessBuilder pb = new ProcessBuilder(command)
                .redirectOutput(out.toFile())
                .redirectError(err.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        pb.environment().remove("NODETOOL_API_TOKEN");
        pb.environment().put("NODETOOL_API_URL", server.baseUrl());
        pb.environment().put("NODETOOL_CACHE_DIR", cache.resolve("aot").toString());
        pb.environment().putAll(env);
        Process p = pb.start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("ended within 60 s").isTrue();
        return new Ran(
                p.exitValue(),
                Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    private static String javaOfThisBuild() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    @Test
    void theDistributionHasTheLauncherAndTheJar() {
        assertThat(HOME.resolve("bin/nodetool")).isExecutable();
        assertThat(HOME.resolve("lib/nodetool-cli.jar")).isRegularFile();
        assertThat(TARGET.resolve("nodetool-cli-" + VERSION + ".tar.gz")).isRegularFile();
        assertThat(TARGET.resolve("nodetool-cli-" + VERSION + ".zip")).isRegularFile();
    }

    @Test
    void javaDashJarRunsTheTool() throws Exception {
        Ran version = run(
                Map.of(),
                javaOfThisBuild(),
                "-jar",
                TARGET.resolve("nodetool-cli-" + VERSION + ".jar").toString(),
                "--version");
        Ran list = run(
                Map.of(),
                javaOfThisBuild(),
                "-jar",
                TARGET.resolve("nodetool-cli-" + VERSION + ".jar").toString(),
                "list");

        assertThat(version.code()).isZero();
        assertThat(version.out()).isEqualTo("nodetool " + VERSION + System.lineSeparator());
        assertThat(list.code()).as(list.err()).isZero();
        assertThat(list.out()).contains("greeting\tGreeting", "sum\tSum");
    }

    /**
     * Twice: the first run records the classes for the start-up cache (on Java 25; a class-data
     * archive on older ones), the second uses it. Both print the same and exit the same, and nothing
     * about the cache reaches the user's terminal.
     */
    @Test
    void theLauncherRunsCommandsWithAndWithoutItsStartUpCache() throws Exception {
        String launcher = HOME.resolve("bin/nodetool").toString();
        List<Ran> runs = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            runs.add(run(Map.of(), launcher, "run", "sum", "--param", "a=2", "--param", "b=3"));
            waitForCache();
        }
        runs.add(run(Map.of("NODETOOL_CACHE", "off"), launcher, "run", "sum", "--param", "a=2", "--param", "b=3"));

        for (Ran r : runs) {
            assertThat(r.code()).as(r.err()).isZero();
            assertThat(r.out()).isEqualTo("sum: 5" + System.lineSeparator());
            assertThat(r.err()).matches("Job (\\S+ )?completed\\." + System.lineSeparator());
        }
    }

    @Test
    void theLauncherKeepsTheExitCodes() throws Exception {
        String launcher = HOME.resolve("bin/nodetool").toString();

        Ran usage = run(Map.of(), launcher, "frobnicate");
        Ran failed = run(Map.of(), launcher, "run", "fail");
        Ran unreachable = run(Map.of("NODETOOL_API_URL", "http://127.0.0.1:1"), launcher, "list");

        assertThat(usage.code()).isEqualTo(NodeToolCli.USAGE);
        assertThat(failed.code()).isEqualTo(NodeToolCli.FAILED);
        assertThat(failed.err()).contains("Something went wrong");
        assertThat(unreachable.code()).isEqualTo(NodeToolCli.UNREACHABLE);
    }

    /** The cache is assembled in the background after a first run; wait for that to finish (bounded). */
    private void waitForCache() throws IOException, InterruptedException {
        Path dir = cache.resolve("aot");
        for (int i = 0; i < 600 && Files.isDirectory(dir); i++) {
            try (var files = Files.list(dir)) {
                if (files.noneMatch(f -> f.getFileName().toString().endsWith(".lock"))) {
                    return;
                }
            }
            Thread.sleep(100);
        }
    }
}
