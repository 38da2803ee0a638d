package ai.nodetool.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ai.nodetool.testserver.NodeToolTestServer;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the packaged tool does for its start-up time (docs/cli.md, "Start-up time"), seen from outside the
 * process: which command trains the launcher's start-up cache, and that a command for an {@code http://}
 * server loads one security provider instead of all of them. Runs after {@code package} (failsafe), like
 * {@link DistributionServerTest}.
 */
class StartupDistributionServerTest {
    private static final Path TARGET = Path.of(System.getProperty("nodetool.cli.target", "target"));
    private static final String VERSION = System.getProperty("nodetool.cli.version", "0.1.0-SNAPSHOT");
    private static final String LAUNCHER =
            TARGET.resolve("nodetool-cli-" + VERSION).resolve("bin/nodetool").toString();

    private static NodeToolTestServer server;

    @TempDir
    Path dir;

    @BeforeAll
    static void startServer() {
        server = NodeToolTestServer.start();
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    private int launch(Map<String, String> env, String... args) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(
                        Stream.concat(Stream.of(LAUNCHER), Stream.of(args)).toList())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        pb.environment().remove("NODETOOL_API_TOKEN");
        pb.environment().put("NODETOOL_API_URL", server.baseUrl());
        pb.environment().put("NODETOOL_CACHE_DIR", dir.resolve("cache").toString());
        pb.environment().putAll(env);
        Process p = pb.start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("ended within 60 s").isTrue();
        return p.exitValue();
    }

    /** The launcher's files in the cache directory, once no cache is being assembled (bounded wait). */
    private List<String> cacheFiles() throws Exception {
        Path cache = dir.resolve("cache");
        List<String> names = List.of();
        for (int i = 0; i < 600; i++) {
            if (!Files.isDirectory(cache)) {
                return List.of();
            }
            try (Stream<Path> files = Files.list(cache)) {
                names = files.map(f -> f.getFileName().toString()).sorted().toList();
            }
            if (names.stream().noneMatch(n -> n.endsWith(".lock"))) {
                return names;
            }
            Thread.sleep(100);
        }
        return names;
    }

    /**
     * Help and a command that cannot reach its server leave no AOT cache behind (on Java 25, where the
     * launcher records one); the first command that reaches the server makes the cache (on any Java).
     */
    @Test
    void theFirstCommandThatReachesTheServerTrainsTheCache() throws Exception {
        assertThat(launch(Map.of(), "--help")).isZero();
        assertThat(cacheFiles()).isEmpty();

        assertThat(launch(Map.of(), "--url", "http://127.0.0.1:1", "list")).isEqualTo(NodeToolCli.UNREACHABLE);
        assertThat(cacheFiles()).noneMatch(n -> n.endsWith(".aot") || n.endsWith(".conf"));

        assertThat(launch(Map.of(), "list")).isZero();
        assertThat(cacheFiles()).anyMatch(n -> n.endsWith(".aot") || n.endsWith(".jsa"));
    }

    /**
     * For an http:// server the tool leaves the JVM with its first security provider only, so the
     * elliptic-curve and cipher providers are never loaded; an https:// URL keeps every provider.
     */
    @Test
    void anHttpServerNeedsOneSecurityProviderAndAnHttpsOneAll() throws Exception {
        Path http = dir.resolve("http-classes.txt");
        Path https = dir.resolve("https-classes.txt");

        int plain =
                launch(Map.of("NODETOOL_CACHE", "off", "NODETOOL_OPTS", "-Xlog:class+load=info:file=" + http), "list");
        int tls = launch(
                Map.of("NODETOOL_CACHE", "off", "NODETOOL_OPTS", "-Xlog:class+load=info:file=" + https),
                "--url",
                "https://127.0.0.1:1",
                "list");

        assertThat(plain).isZero();
        assertThat(tls).isEqualTo(NodeToolCli.UNREACHABLE);
        String httpClasses = Files.readString(http, StandardCharsets.UTF_8);
        String httpsClasses = Files.readString(https, StandardCharsets.UTF_8);
        assertThat(httpClasses).contains("sun.security.provider.Sun ");
        assertThat(httpClasses).doesNotContain("sun.security.ec.SunEC ", "com.sun.crypto.provider.SunJCE ");
        assertThat(httpsClasses).contains("sun.security.ec.SunEC ", "com.sun.crypto.provider.SunJCE ");
    }
}
