package ai.nodetool.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.nodetool.client.NodeToolClient;
import ai.nodetool.client.errors.JobCancelledException;
import ai.nodetool.client.session.JobHandle;
import ai.nodetool.client.session.JobSession;
import ai.nodetool.testserver.DemoWorkflowIds;
import ai.nodetool.testserver.NodeToolTestServer;
import ai.nodetool.testserver.junit.NodeToolTestServerExtension;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The CLI end to end: arguments in, output and exit code out, against the test server. */
class NodeToolCliServerTest {
    @RegisterExtension
    static final NodeToolTestServerExtension nodetool = new NodeToolTestServerExtension(b -> {});

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Captured out = new Captured();
    private final Captured err = new Captured();

    /** Runs the CLI with an empty environment. */
    private int cli(String... args) {
        return new NodeToolCli(out.stream, err.stream, name -> null, false).run(args);
    }

    private int cliAgainstServer(String... args) {
        String[] all = new String[args.length + 2];
        all[0] = "--url";
        all[1] = nodetool.server().baseUrl();
        System.arraycopy(args, 0, all, 2, args.length);
        return cli(all);
    }

    private void assertNoStackTrace() {
        assertThat(out.text() + err.text()).doesNotContain("\tat ").doesNotContain("Exception:");
    }

    // ---- usage ----

    @Test
    void helpPrintsUsageAndExitCodes() {
        assertThat(cli("--help")).isEqualTo(0);
        assertThat(out.text())
                .contains(
                        "Usage: nodetool",
                        "list",
                        "get WORKFLOW_ID",
                        "--stream",
                        "--ws",
                        "status JOB_ID",
                        "cancel JOB_ID",
                        "--json",
                        "--url",
                        "--token",
                        "Exit codes: 0 ok, 1 job failed or server error, 2 usage error, 3 cannot reach server");
        assertThat(err.text()).isEmpty();
    }

    @Test
    void noCommandIsAUsageError() {
        assertThat(cli()).isEqualTo(NodeToolCli.USAGE);
        assertThat(err.text()).contains("no command given", "Try 'nodetool --help'");
        assertThat(out.text()).isEmpty();
    }

    @Test
    void badArgumentsAreUsageErrors() {
        List<List<String>> cases = List.of(
                List.of("frobnicate"),
                List.of("list", "--colour"),
                List.of("get"),
                List.of("get", "a", "b"),
                List.of("run"),
                List.of("run", "sum", "--param", "noequals"),
                List.of("run", "sum", "--param"),
                List.of("list", "--stream"),
                List.of("status"),
                List.of("--url"),
                List.of("--embedded", "--url", "http://x", "list"));
        for (List<String> args : cases) {
            Captured e = new Captured();
            int code = new NodeToolCli(out.stream, e.stream, name -> null, false).run(args.toArray(new String[0]));
            assertThat(code).as("exit code of %s", args).isEqualTo(NodeToolCli.USAGE);
            assertThat(e.text())
                    .as("message for %s", args)
                    .startsWith("nodetool: ")
                    .doesNotContain("\tat ");
        }
        assertThat(out.text()).isEmpty();
    }

    @Test
    void anInvalidUrlIsAUsageError() {
        assertThat(cli("--url", "not a url", "list")).isEqualTo(NodeToolCli.USAGE);
        assertThat(err.text()).contains("baseUrl must be an http:// or https:// URL");
    }

    // ---- list and get ----

    @Test
    void listPrintsIdAndName() {
        assertThat(cliAgainstServer("list")).isEqualTo(0);
        assertThat(out.text()).contains("greeting\tGreeting", "sum\tSum", "fail\tAlways Fails");
    }

    @Test
    void listAsJsonIsAnArrayOfWorkflows() throws IOException {
        assertThat(cliAgainstServer("list", "--json")).isEqualTo(0);
        JsonNode array = JSON.readTree(out.text());
        assertThat(array.isArray()).isTrue();
        List<String> ids = stream(array).map(w -> w.get("id").asText()).collect(Collectors.toList());
        assertThat(ids).contains(DemoWorkflowIds.GREETING, DemoWorkflowIds.SUM, DemoWorkflowIds.IMAGE);
    }

    @Test
    void optionsMayFollowTheCommandAndUseEquals() {
        assertThat(cli("list", "--url=" + nodetool.server().baseUrl())).isEqualTo(0);
        assertThat(out.text()).contains("greeting\tGreeting");
    }

    @Test
    void getShowsOneWorkflow() {
        assertThat(cliAgainstServer("get", "sum")).isEqualTo(0);
        assertThat(out.text())
                .contains(
                        "id:          sum",
                        "name:        Sum",
                        "description: Adds two integers.",
                        "graph:       4 nodes, 3 edges");
    }

    @Test
    void getAsJson() throws IOException {
        assertThat(cliAgainstServer("--json", "get", "greeting")).isEqualTo(0);
        assertThat(JSON.readTree(out.text()).get("name").asText()).isEqualTo("Greeting");
    }

    @Test
    void getUnknownWorkflowIsAServerErrorWithoutStackTrace() {
        assertThat(cliAgainstServer("get", "no-such-workflow")).isEqualTo(NodeToolCli.FAILED);
        assertThat(err.text()).contains("nodetool: the server answered HTTP 404", "--verbose");
        assertNoStackTrace();
    }

    // ---- run ----

    @Test
    void runPrintsOutputs() {
        assertThat(cliAgainstServer("run", "greeting", "--param", "name=Ada")).isEqualTo(0);
        assertThat(out.text()).isEqualTo("greeting: Hello, Ada!" + System.lineSeparator()); // keyed by name (issue 9)
        assertThat(err.text()).contains("completed");
    }

    @Test
    void runAsJsonHasTypedOutputs() throws IOException {
        assertThat(cliAgainstServer("run", "sum", "-p", "a=40", "--param=b=2", "--json"))
                .isEqualTo(0);
        JsonNode result = JSON.readTree(out.text());
        assertThat(result.get("status").asText()).isEqualTo("completed");
        assertThat(result.get("outputs").elements().next().get(0).asInt()).isEqualTo(42);
    }

    @Test
    void aFailedJobExitsWithOneAndTheServersError() {
        assertThat(cliAgainstServer("run", "fail")).isEqualTo(NodeToolCli.FAILED);
        assertThat(err.text()).contains("nodetool: ", "Something went wrong");
        assertNoStackTrace();
    }

    @Test
    void verboseShowsTheStackTrace() {
        assertThat(cliAgainstServer("run", "fail", "--verbose")).isEqualTo(NodeToolCli.FAILED);
        assertThat(err.text()).contains("Something went wrong", "Exception: ", "\tat ai.nodetool.client.");
    }

    @Test
    void streamShowsProgressOnStderrAndOutputsOnStdout() {
        assertThat(cliAgainstServer("run", "slow", "--stream", "--param", "steps=3", "--param", "delay_ms=10"))
                .isEqualTo(0);
        assertThat(err.text())
                .contains("progress slow: 1/3 (33%)", "progress slow: 3/3 (100%)")
                .containsPattern("job \\S+ running")
                .containsPattern("job \\S+ completed");
        assertThat(out.text()).endsWith("result: 3" + System.lineSeparator()); // keyed by name (issue 9)
    }

    @Test
    void streamPrintsOutputValuesAsTheyArrive() {
        assertThat(cliAgainstServer("run", "text-stream", "--stream", "--param", "text=alpha beta"))
                .isEqualTo(0);
        assertThat(out.text()).contains("output text: \"alpha \"", "output text: \"beta\"");
    }

    @Test
    void streamAsJsonIsOneJsonObjectPerLine() throws IOException {
        assertThat(cliAgainstServer("run", "slow", "--stream", "--json", "--param", "steps=2", "--param", "delay_ms=1"))
                .isEqualTo(0);
        List<String> lines = out.text().lines().collect(Collectors.toList());
        List<String> types = new java.util.ArrayList<>();
        for (String line : lines) {
            JsonNode node = JSON.readTree(line);
            assertThat(node.isObject()).as(line).isTrue();
            types.add(node.has("type") ? node.get("type").asText() : "result");
        }
        assertThat(types).contains("job_update", "node_progress");
        assertThat(types.get(types.size() - 1)).isEqualTo("result");
        assertThat(JSON.readTree(lines.get(lines.size() - 1)).get("status").asText())
                .isEqualTo("completed");
        assertThat(err.text()).doesNotContain("progress");
    }

    @Test
    void aFailedStreamExitsWithOne() {
        assertThat(cliAgainstServer("run", "fail", "--stream")).isEqualTo(NodeToolCli.FAILED);
        assertThat(err.text()).contains("Something went wrong");
        assertNoStackTrace();
    }

    @Test
    void runOverWebSocket() {
        assertThat(cliAgainstServer("run", "sum", "--ws", "--param", "a=1", "--param", "b=2"))
                .isEqualTo(0);
        assertThat(err.text()).containsPattern("Job \\S+ started \\(workflow sum\\)");
        assertThat(out.text()).isEqualTo("sum: 3" + System.lineSeparator());
    }

    @Test
    void runOverWebSocketWithStream() {
        assertThat(cliAgainstServer("run", "slow", "--ws", "--stream", "--param", "steps=2", "--param", "delay_ms=10"))
                .isEqualTo(0);
        assertThat(err.text()).contains("progress slow: 2/2 (100%)").containsPattern("job \\S+ completed");
        assertThat(out.text()).endsWith("result: 2" + System.lineSeparator());
    }

    @Test
    void aFailedWebSocketJobExitsWithOne() {
        assertThat(cliAgainstServer("run", "fail", "--ws")).isEqualTo(NodeToolCli.FAILED);
        assertThat(err.text()).contains("Something went wrong");
        assertNoStackTrace();
    }

    // ---- status and cancel, on a job started by another connection ----

    @Test
    void statusOfARunningJobOfAnotherConnection() throws Exception {
        try (NodeToolClient client = NodeToolClient.builder()
                        .baseUrl(nodetool.server().baseUrl())
                        .build();
                JobSession session = client.connect()) {
            JobHandle job = RunningJobs.startSlow(session, 200, 50);

            assertThat(cliAgainstServer("status", job.jobId())).isEqualTo(0);
            assertThat(out.text()).isEqualTo(job.jobId() + ": running" + System.lineSeparator());

            Captured json = new Captured();
            assertThat(new NodeToolCli(json.stream, err.stream, n -> null, false)
                            .run("--url", nodetool.server().baseUrl(), "status", job.jobId(), "--json"))
                    .isEqualTo(0);
            assertThat(JSON.readTree(json.text()).get("status").asText()).isEqualTo("running");
            job.cancel().get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void statusOfAnUnknownJobExitsWithOne() {
        assertThat(cliAgainstServer("status", "no-such-job")).isEqualTo(NodeToolCli.FAILED);
        assertThat(err.text()).contains("no job no-such-job");
        assertNoStackTrace();
    }

    @Test
    void cancelAJobOfAnotherConnection() throws Exception {
        try (NodeToolClient client = NodeToolClient.builder()
                        .baseUrl(nodetool.server().baseUrl())
                        .build();
                JobSession session = client.connect()) {
            JobHandle job = RunningJobs.startSlow(session, 200, 50);

            assertThat(cliAgainstServer("cancel", job.jobId())).isEqualTo(0);

            assertThat(out.text()).startsWith(job.jobId() + ": ").containsIgnoringCase("cancel");
            assertThatThrownBy(() -> job.result().get(10, TimeUnit.SECONDS))
                    .hasCauseInstanceOf(JobCancelledException.class);
        }
    }

    @Test
    void cancelAnUnknownJobExitsWithOne() {
        assertThat(cliAgainstServer("cancel", "no-such-job")).isEqualTo(NodeToolCli.FAILED);
        assertThat(err.text()).startsWith("nodetool: ");
        assertNoStackTrace();
    }

    // ---- server reachability and auth ----

    @Test
    void anUnreachableServerExitsWithThreeAndAClearMessage() throws IOException {
        String url = "http://127.0.0.1:" + closedPort();

        assertThat(cli("--url", url, "list")).isEqualTo(NodeToolCli.UNREACHABLE);

        assertThat(err.text()).contains("nodetool: cannot reach the server", "NODETOOL_API_URL");
        assertNoStackTrace();
        assertThat(out.text()).isEmpty();
    }

    @Test
    void anUnreachableServerOverWebSocketExitsWithThree() throws IOException {
        assertThat(cli("--url", "http://127.0.0.1:" + closedPort(), "cancel", "some-job"))
                .isEqualTo(NodeToolCli.UNREACHABLE);
        assertThat(err.text()).contains("cannot reach the server");
        assertNoStackTrace();
    }

    @Test
    void anUnreachableServerWithVerboseShowsTheStackTrace() throws IOException {
        assertThat(cli("--verbose", "--url", "http://127.0.0.1:" + closedPort(), "get", "x"))
                .isEqualTo(NodeToolCli.UNREACHABLE);
        assertThat(err.text()).contains("cannot reach the server", "NodeToolIOException", "\tat ");
    }

    @Test
    void urlAndTokenComeFromTheEnvironmentAndOptionsWin() {
        try (NodeToolTestServer secured =
                NodeToolTestServer.builder().token("s3cret").start()) {
            Map<String, String> env = Map.of("NODETOOL_API_URL", secured.baseUrl(), "NODETOOL_API_TOKEN", "s3cret");
            assertThat(new NodeToolCli(out.stream, err.stream, env::get, false).run("get", "sum"))
                    .isEqualTo(0);

            Captured e = new Captured();
            assertThat(new NodeToolCli(out.stream, e.stream, env::get, false).run("--token", "wrong", "get", "sum"))
                    .isEqualTo(NodeToolCli.FAILED);
            assertThat(e.text()).contains("HTTP 401").doesNotContain("wrong").doesNotContain("s3cret");
        }
    }

    @Test
    void embeddedStartsATestServerForOneCommand() {
        assertThat(cli("--embedded", "run", "greeting", "--param", "name=Bob")).isEqualTo(0);
        assertThat(out.text()).contains("Hello, Bob!");
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static java.util.stream.Stream<JsonNode> stream(JsonNode array) {
        JsonNode[] items = new JsonNode[array.size()];
        for (int i = 0; i < items.length; i++) {
            items[i] = array.get(i);
        }
        return Arrays.stream(items);
    }
}
