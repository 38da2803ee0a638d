package ai.nodetool.client.server;

import static ai.nodetool.client.server.TestServers.listPath;
import static ai.nodetool.client.server.TestServers.received;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.nodetool.client.NodeToolClient;
import ai.nodetool.client.errors.ConflictException;
import ai.nodetool.client.errors.NotFoundException;
import ai.nodetool.client.testing.NodeToolClients;
import ai.nodetool.client.workflows.AutoPager;
import ai.nodetool.client.workflows.Edge;
import ai.nodetool.client.workflows.Graph;
import ai.nodetool.client.workflows.ListWorkflowsParams;
import ai.nodetool.client.workflows.Node;
import ai.nodetool.client.workflows.Workflow;
import ai.nodetool.client.workflows.WorkflowInterface;
import ai.nodetool.client.workflows.WorkflowPage;
import ai.nodetool.client.workflows.WorkflowRequest;
import ai.nodetool.testserver.DemoWorkflowIds;
import ai.nodetool.testserver.Generation;
import ai.nodetool.testserver.NodeToolTestServer;
import ai.nodetool.testserver.RecordedRequest;
import ai.nodetool.testserver.junit.BothGenerations;
import ai.nodetool.testserver.junit.OneGeneration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.extension.ExtendWith;

/** The Editor API's workflow routes through the public client, against the test server in both generations. */
@ExtendWith(NodeToolClients.class)
class WorkflowsServerTest {
    private static final List<String> DEMOS = List.of(
            DemoWorkflowIds.GREETING,
            DemoWorkflowIds.SUM,
            DemoWorkflowIds.IMAGE,
            DemoWorkflowIds.SLOW,
            DemoWorkflowIds.TEXT_STREAM,
            DemoWorkflowIds.FAIL,
            DemoWorkflowIds.IMAGE_INVERT,
            DemoWorkflowIds.AUDIO_DURATION);

    /** The 8 demos plus 7 registered workflows: 15, i.e. 4 pages of at most 4. */
    private static List<String> registerSeven(NodeToolTestServer server) {
        List<String> ids = new ArrayList<>(DEMOS);
        for (int i = 1; i <= 7; i++) {
            ids.add(server.registerWorkflow(TestServers.echoWorkflow("extra-" + i, "Extra " + i)));
        }
        return ids;
    }

    private static WorkflowRequest echoRequest(String name) {
        return WorkflowRequest.builder()
                .name(name)
                .description("made by the client")
                .tags(List.of("it"))
                .graph(Graph.of(
                        List.of(
                                Node.of("in1", "nodetool.input.StringInput", Map.of("name", "text")),
                                Node.of("out1", "nodetool.output.Output", Map.of("name", "result"))),
                        List.of(Edge.of("e1", "in1", "output", "out1", "value"))))
                .build();
    }

    @BothGenerations
    void listFollowsCursorsAcrossSeveralPages(NodeToolTestServer server, NodeToolClient client, Generation generation) {
        List<String> expected = registerSeven(server);
        List<String> seen = new ArrayList<>();
        List<String> cursors = new ArrayList<>();
        WorkflowPage page =
                client.workflows().list(ListWorkflowsParams.builder().limit(4).build());
        int pages = 1;
        while (true) {
            assertThat(page.workflows()).hasSizeLessThanOrEqualTo(4);
            page.workflows().forEach(w -> seen.add(w.id()));
            if (!page.hasNext()) {
                break;
            }
            cursors.add(page.next());
            page = client.workflows()
                    .list(ListWorkflowsParams.builder()
                            .limit(4)
                            .cursor(page.next())
                            .build());
            pages++;
        }

        assertThat(pages).isEqualTo(4);
        assertThat(seen).containsExactlyElementsOf(expected);
        assertThat(cursors).doesNotHaveDuplicates().doesNotContainNull();
        List<RecordedRequest> lists = received(server, "GET", listPath(generation));
        assertThat(lists).hasSize(4);
        assertThat(lists.get(0).query()).isEqualTo("limit=4");
        for (int i = 1; i < 4; i++) {
            assertThat(lists.get(i).query()).startsWith("limit=4&cursor=");
        }
    }

    @BothGenerations
    void listFiltersByRunMode(NodeToolTestServer server, NodeToolClient client, Generation generation) {
        server.registerWorkflow(
                "{\"id\":\"tool-1\",\"name\":\"Tool 1\",\"run_mode\":\"tool\",\"graph\":{\"nodes\":[],\"edges\":[]}}");
        server.registerWorkflow(
                "{\"id\":\"tool-2\",\"name\":\"Tool 2\",\"run_mode\":\"tool\",\"graph\":{\"nodes\":[],\"edges\":[]}}");
        server.registerWorkflow(
                "{\"id\":\"chat-1\",\"name\":\"Chat\",\"run_mode\":\"chat\",\"graph\":{\"nodes\":[],\"edges\":[]}}");

        WorkflowPage tools = client.workflows()
                .list(ListWorkflowsParams.builder().runMode("tool").build());

        assertThat(tools.workflows()).extracting(Workflow::id).containsExactly("tool-1", "tool-2");
        assertThat(tools.workflows()).extracting(Workflow::runMode).containsOnly("tool");
        assertThat(tools.next()).isNull();
        assertThat(received(server, "GET", listPath(generation)).get(0).query()).isEqualTo("run_mode=tool");
    }

    @BothGenerations
    void listAllFetchesPagesOnlyWhenIterationReachesThem(
            NodeToolTestServer server, NodeToolClient client, Generation generation) {
        List<String> expected = registerSeven(server);
        server.clearRecordings();
        String path = listPath(generation);

        AutoPager<Workflow> all = client.workflows()
                .listAll(ListWorkflowsParams.builder().limit(4).build());
        assertThat(server.requests()).as("creating the pager sends nothing").isEmpty();

        Iterator<Workflow> it = all.iterator();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            ids.add(it.next().id());
        }
        assertThat(received(server, "GET", path)).as("first page only").hasSize(1);
        ids.add(it.next().id());
        assertThat(received(server, "GET", path))
                .as("second page on the 5th item")
                .hasSize(2);
        it.forEachRemaining(w -> ids.add(w.id()));

        assertThat(ids).containsExactlyElementsOf(expected);
        assertThat(received(server, "GET", path))
                .as("4 pages, then stop at next == null")
                .hasSize(4);
        assertThat(all.stream().map(Workflow::id).toList())
                .as("a pager can be iterated again")
                .containsExactlyElementsOf(expected);
    }

    @BothGenerations
    void getReturnsTheWorkflowWithItsGraphAndKeepsUnknownFields(
            NodeToolTestServer server, NodeToolClient client, Generation generation) {
        server.registerWorkflow("{\"id\":\"odd\",\"name\":\"Odd\",\"graph\":{\"nodes\":["
                + "{\"id\":\"n1\",\"type\":\"nodetool.input.StringInput\",\"data\":{\"name\":\"text\"},"
                + "\"ui_properties\":{\"position\":{\"x\":3,\"y\":4}},\"x_future_field\":{\"kept\":true}}],"
                + "\"edges\":[],\"x_graph_extra\":[1,2]}}");

        Workflow greeting = client.workflows().get(DemoWorkflowIds.GREETING);
        assertThat(greeting.id()).isEqualTo("greeting");
        assertThat(greeting.name()).isEqualTo("Greeting");
        assertThat(greeting.graph().orElseThrow().nodes()).hasSize(3);
        assertThat(greeting.createdAt()).isPresent();
        assertThat(greeting.updatedAt()).isPresent();
        if (generation == Generation.CURRENT) {
            assertThat(greeting.etag()).isNotEmpty();
            assertThat(greeting.inputSchema()).isEmpty();
        } else {
            assertThat(greeting.inputSchema().orElseThrow().path("properties").has("name"))
                    .isTrue();
        }

        Workflow odd = client.workflows().get("odd");
        Node node = odd.graph().orElseThrow().nodes().get(0);
        assertThat(node.unknownFields()).containsOnlyKeys("x_future_field");
        assertThat(node.unknownFields().get("x_future_field").path("kept").asBoolean())
                .isTrue();
        assertThat(node.raw().path("ui_properties").path("position").path("x").asInt())
                .isEqualTo(3);
        assertThat(odd.graph().orElseThrow().unknownFields()).containsOnlyKeys("x_graph_extra");
        assertThat(odd.raw().path("graph").path("x_graph_extra").size()).isEqualTo(2);
    }

    @BothGenerations
    void createUpdateAndDelete(NodeToolTestServer server, NodeToolClient client) {
        Workflow created = client.workflows().create(echoRequest("Echo"));
        assertThat(created.id()).matches("[0-9a-f]{32}");
        assertThat(created.name()).isEqualTo("Echo");
        assertThat(created.description()).isEqualTo("made by the client");
        assertThat(created.tags()).containsExactly("it");
        assertThat(created.access()).isEqualTo("private");
        assertThat(created.graph().orElseThrow().nodes()).extracting(Node::id).containsExactly("in1", "out1");
        assertThat(client.workflows().get(created.id())).isEqualTo(created);

        Workflow renamed = client.workflows()
                .update(created.id(), created.toRequest().name("Renamed").build());
        assertThat(renamed.name()).isEqualTo("Renamed");
        assertThat(renamed.createdAtRaw()).isEqualTo(created.createdAtRaw());
        assertThat(renamed.updatedAtRaw()).isNotEqualTo(created.updatedAtRaw());
        assertThat(client.workflows().get(created.id()).name()).isEqualTo("Renamed");

        client.workflows().delete(created.id());
        assertThatThrownBy(() -> client.workflows().get(created.id()))
                .isInstanceOfSatisfying(
                        NotFoundException.class,
                        e -> assertThat(e.errorMessage()).isEqualTo("Workflow not found"));
        assertThatThrownBy(() -> client.workflows().delete(created.id()))
                .isInstanceOfSatisfying(
                        NotFoundException.class,
                        e -> assertThat(e.errorMessage()).isEqualTo("Workflow not found"));
        assertThat(received(server, "DELETE", "/api/workflows/" + created.id())).hasSize(2);
    }

    @BothGenerations
    void updateOfAnUnknownIdUpserts(NodeToolClient client) {
        Workflow saved = client.workflows().update("my-echo", echoRequest("Mine"));

        assertThat(saved.id()).isEqualTo("my-echo");
        assertThat(client.workflows().get("my-echo").name()).isEqualTo("Mine");
    }

    @OneGeneration(Generation.CURRENT)
    void currentRejectsAStaleExpectedUpdatedAtWithTheServersMessage(NodeToolTestServer server, NodeToolClient client) {
        Workflow read = client.workflows().create(echoRequest("Echo"));
        WorkflowRequest optimistic = read.toRequest()
                .name("Mine")
                .expectedUpdatedAt(read.updatedAtRaw())
                .build();

        Workflow first = client.workflows().update(read.id(), optimistic);
        assertThat(first.name()).isEqualTo("Mine");

        assertThatThrownBy(() -> client.workflows().update(read.id(), optimistic))
                .isInstanceOfSatisfying(ConflictException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(409);
                    assertThat(e.errorMessage())
                            .isEqualTo("Workflow was modified since last read (optimistic concurrency conflict)");
                    assertThat(e.requestId()).isPresent();
                    assertThat(e).hasMessageContaining("optimistic concurrency conflict");
                });
        assertThat(received(server, "PUT", "/api/workflows/" + read.id()))
                .as("a 409 is not retried")
                .hasSize(2);
        assertThat(received(server, "PUT", "/api/workflows/" + read.id()).get(0).bodyUtf8())
                .contains("\"expected_updated_at\":\"" + read.updatedAtRaw() + "\"");
    }

    @BothGenerations
    void publicRoutesShowOnlyPublicWorkflows(NodeToolClient client) {
        Workflow mine = client.workflows().create(echoRequest("Private"));

        WorkflowPage page = client.workflows().listPublic();
        assertThat(page.workflows()).extracting(Workflow::id).containsAll(DEMOS).doesNotContain(mine.id());
        assertThat(page.workflows()).extracting(Workflow::access).containsOnly("public");
        assertThat(page.next()).isNull();
        assertThat(client.workflows().getPublic(DemoWorkflowIds.SUM).name()).isEqualTo("Sum");
        assertThatThrownBy(() -> client.workflows().getPublic(mine.id()))
                .isInstanceOfSatisfying(
                        NotFoundException.class,
                        e -> assertThat(e.errorMessage()).isEqualTo("Workflow not found"));
    }

    @BothGenerations
    void examplesAreMetadataOnly(NodeToolClient client) {
        WorkflowPage examples = client.workflows().examples();

        assertThat(examples.workflows()).hasSize(8);
        assertThat(examples.workflows()).extracting(Workflow::name).contains("Greeting", "Text Stream");
        examples.workflows()
                .forEach(w -> assertThat(w.graph().orElseThrow().nodes()).isEmpty());
    }

    @OneGeneration(Generation.CURRENT)
    void currentInterfaceDescribesInputsAndOutputs(NodeToolTestServer server, NodeToolClient client) {
        WorkflowInterface iface = client.workflows().interfaceOf(DemoWorkflowIds.GREETING);

        assertThat(iface.version()).isEqualTo(1);
        assertThat(iface.workflowId()).isEqualTo("greeting");
        assertThat(iface.inputs()).extracting(WorkflowInterface.Input::name).containsExactly("name");
        assertThat(iface.outputs()).extracting(WorkflowInterface.Output::name).containsExactly("greeting");
        assertThat(received(server, "GET", "/api/workflows/greeting/interface")
                        .get(0)
                        .query())
                .isEqualTo("version=1");

        assertThatThrownBy(() -> client.workflows().interfaceOf("nope"))
                .isInstanceOfSatisfying(
                        NotFoundException.class,
                        e -> assertThat(e.errorMessage()).isNotBlank());
    }

    @OneGeneration(Generation.LEGACY)
    void legacyHasNoInterfaceRoute(NodeToolClient client) {
        assertThatThrownBy(() -> client.workflows().interfaceOf(DemoWorkflowIds.GREETING))
                .isInstanceOfSatisfying(NotFoundException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(404);
                    assertThat(e.errorMessage()).isEqualTo("Not Found");
                });
    }
}
