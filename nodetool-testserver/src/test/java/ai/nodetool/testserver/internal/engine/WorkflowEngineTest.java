package ai.nodetool.testserver.internal.engine;

import static ai.nodetool.testserver.internal.engine.EngineHarness.TIMEOUT_SECONDS;
import static ai.nodetool.testserver.internal.engine.EngineHarness.json;
import static ai.nodetool.testserver.internal.engine.EngineHarness.run;
import static ai.nodetool.testserver.internal.engine.EngineHarness.workflowWithGraph;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.nodetool.testserver.internal.engine.EngineHarness.Finished;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class WorkflowEngineTest {
    private final WorkflowEngine engine = new WorkflowEngine();

    @AfterEach
    void close() {
        engine.close();
    }

    private static ObjectNode slowWorkflow(int steps, int delayMs) {
        return workflowWithGraph(
                "{'nodes':[{'id':'slow','type':'nodetool.test.Slow','data':{'steps':" + steps
                        + ",'delay_ms':" + delayMs + ",'value':'done'}},"
                        + "{'id':'out','type':'nodetool.output.Output','data':{'name':'result'}}],"
                        + "'edges':[{'id':'e','source':'slow','sourceHandle':'output','target':'out','targetHandle':'value'}]}");
    }

    @Test
    void cancelFromTheListenerStopsAtOnceWithNoFurtherMessages() throws Exception {
        List<ObjectNode> messages = new CopyOnWriteArrayList<>();
        GraphExecution[] self = new GraphExecution[1];
        CountDownLatch started = new CountDownLatch(1);
        GraphExecution execution = engine.start("job-c", slowWorkflow(1000, 1), null, m -> {
            messages.add(m);
            if (m.get("type").asText().equals("node_progress")) {
                try {
                    started.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                self[0].cancel();
            }
        });
        self[0] = execution;
        started.countDown();

        ExecutionOutcome outcome = execution.outcome().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        assertThat(outcome.status()).isEqualTo("cancelled");
        assertThat(outcome.error()).isNull();
        assertThat(outcome.outputs()).isEmpty();
        assertThat(EngineHarness.describe(messages.get(messages.size() - 1))).isEqualTo("node_progress:1/1000");
        assertThat(engine.activeRuns()).isZero();
    }

    @Test
    void cancelWakesASleepingNodePromptly() throws Exception {
        CountDownLatch firstProgress = new CountDownLatch(1);
        // One step takes ten minutes: only an interrupted wait can finish within the test's timeout.
        GraphExecution execution = engine.start("job-s", slowWorkflow(3, 600_000), null, m -> {
            if (m.get("type").asText().equals("node_update")) {
                firstProgress.countDown();
            }
        });
        assertThat(firstProgress.await(TIMEOUT_SECONDS, TimeUnit.SECONDS)).isTrue();
        execution.cancel();
        execution.cancel(); // idempotent
        assertThat(execution.outcome().get(TIMEOUT_SECONDS, TimeUnit.SECONDS).status())
                .isEqualTo("cancelled");
    }

    @Test
    void hundredConcurrentRunsAllComplete() throws Exception {
        List<GraphExecution> executions = new ArrayList<>();
        CountDownLatch allStarted = new CountDownLatch(100);
        ObjectNode workflow = slowWorkflow(3, 20);
        for (int i = 0; i < 100; i++) {
            CountDownLatch[] once = {new CountDownLatch(1)};
            executions.add(engine.start("job-" + i, workflow, null, m -> {
                if (once[0].getCount() > 0) {
                    once[0].countDown();
                    allStarted.countDown();
                }
            }));
        }
        // All 100 are in flight at the same time, none waits for another to finish.
        assertThat(allStarted.await(TIMEOUT_SECONDS, TimeUnit.SECONDS)).isTrue();
        for (GraphExecution e : executions) {
            ExecutionOutcome outcome = e.outcome().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            assertThat(outcome.status()).isEqualTo("completed");
            assertThat(outcome.outputs().get("result")).containsExactly(TextNode.valueOf("done"));
        }
        assertThat(executions).extracting(GraphExecution::jobId).doesNotHaveDuplicates();
    }

    @Test
    void closeCancelsRunsAndLeavesNoThreadBehind() throws Exception {
        WorkflowEngine own = new WorkflowEngine();
        CountDownLatch running = new CountDownLatch(1);
        GraphExecution execution = own.start("job-x", slowWorkflow(5, 600_000), null, m -> running.countDown());
        assertThat(running.await(TIMEOUT_SECONDS, TimeUnit.SECONDS)).isTrue();
        assertThat(engineThreads()).isNotEmpty();

        own.close();

        assertThat(execution.outcome().get(TIMEOUT_SECONDS, TimeUnit.SECONDS).status())
                .isEqualTo("cancelled");
        assertThat(engineThreads()).isEmpty();
        assertThatThrownBy(() -> own.start("job-y", DemoWorkflows.sum(), null, m -> {}))
                .isInstanceOf(IllegalStateException.class);
        own.close(); // idempotent
        engine.close();
        assertThat(engineThreads()).isEmpty();
    }

    private static List<String> engineThreads() {
        List<String> names = new ArrayList<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.isAlive() && t.getName().startsWith("nodetool-engine-")) {
                assertThat(t.isDaemon()).isTrue();
                names.add(t.getName());
            }
        }
        return names;
    }

    @Test
    void invalidWorkflowsAreRejectedSynchronously() {
        assertInvalid(json("{'id':'x','name':'no graph'}"), "graph is required and must have nodes and edges arrays");
        assertInvalid(workflowWithGraph("{'nodes':[]}"), "graph is required and must have nodes and edges arrays");
        assertInvalid(
                workflowWithGraph("{'nodes':[{'id':'a','type':'nodetool.fancy.Unknown'}],'edges':[]}"),
                "Unknown node type: nodetool.fancy.Unknown");
        assertInvalid(
                workflowWithGraph("{'nodes':[{'id':'a','type':'nodetool.input.ChatInput'}],'edges':[]}"),
                "Unknown node type: nodetool.input.ChatInput");
        assertInvalid(
                workflowWithGraph("{'nodes':[{'id':'a','type':'nodetool.text.Concat'},"
                        + "{'id':'b','type':'nodetool.text.Concat'}],'edges':["
                        + "{'source':'a','sourceHandle':'output','target':'b','targetHandle':'a'},"
                        + "{'source':'b','sourceHandle':'output','target':'a','targetHandle':'a'}]}"),
                "cycle");
        assertInvalid(
                workflowWithGraph("{'nodes':[{'id':'a','type':'nodetool.text.Concat'}],'edges':["
                        + "{'id':'e9','source':'a','sourceHandle':'output','target':'zzz','targetHandle':'a'}]}"),
                "zzz");
        assertInvalid(
                workflowWithGraph("{'nodes':[{'id':'a','type':'nodetool.text.Concat'},"
                        + "{'id':'a','type':'nodetool.text.Concat'}],'edges':[]}"),
                "duplicate node id 'a'");
        assertInvalid(json("{'script':{'type':'chunk'}}"), "script must be an array");
        assertInvalid(json("{'script':[{'content':'no type'}]}"), "with a type");
        assertThatThrownBy(() -> engine.start("j", DemoWorkflows.sum(), json("[1,2]"), m -> {}))
                .isInstanceOf(WorkflowException.class)
                .hasMessage("params must be an object");
        assertThat(engine.activeRuns()).isZero();
    }

    private void assertInvalid(JsonNode workflow, String messagePart) {
        List<ObjectNode> messages = new CopyOnWriteArrayList<>();
        assertThatThrownBy(() -> engine.start("j", workflow, null, messages::add))
                .isInstanceOf(WorkflowException.class)
                .hasMessageContaining(messagePart);
        assertThat(messages).isEmpty();
    }

    @Test
    void scriptsPlayBackInOrderWithoutTheDelayField() throws Exception {
        ObjectNode workflow = (ObjectNode) json("{'id':'scripted','name':'s','script':["
                + "{'type':'node_update','node_id':'n','node_name':'N','node_type':'x.Y','status':'running','delay_ms':5},"
                + "{'type':'output_update','node_id':'o','node_name':'Result','output_name':'answer','value':41,"
                + "'output_type':'int','metadata':{},'delay_ms':'3'},"
                + "{'type':'output_update','node_id':'o','node_name':'Result','output_name':'answer','value':42,"
                + "'output_type':'int','metadata':{}},"
                + "{'type':'custom_thing','anything':[1,2]}]}");
        Finished f = run(engine, workflow, null);

        assertThat(f.outcome().status()).isEqualTo("completed");
        assertThat(f.outcome().outputs().get("answer")).containsExactly(IntNode.valueOf(41), IntNode.valueOf(42));
        assertThat(f.outcome().lastByName().get("answer")).isEqualTo(IntNode.valueOf(42));
        assertThat(f.messages()).hasSize(4).noneMatch(m -> m.has("delay_ms"));
        assertThat(f.messages().get(3)).isEqualTo(json("{'type':'custom_thing','anything':[1,2]}"));

        Finished failed =
                run(engine, json("{'script':[{'type':'error','error':'boom'},{'type':'chunk','content':'x'}]}"), null);
        assertThat(failed.outcome().status()).isEqualTo("failed");
        assertThat(failed.outcome().error()).isEqualTo("boom");
        assertThat(failed.messages()).hasSize(2);
    }

    @Test
    void logNodeEmitsLogAndNotificationBeforeItsEdges() throws Exception {
        ObjectNode workflow = workflowWithGraph("{'nodes':["
                + "{'id':'in','type':'nodetool.input.FloatInput','data':{'name':'x','value':'1.5'}},"
                + "{'id':'log','type':'nodetool.test.Log','data':{'severity':'warning'}},"
                + "{'id':'out','type':'nodetool.output.FloatOutput','data':{'name':'x'}}],'edges':["
                + "{'id':'e1','source':'in','sourceHandle':'output','target':'log','targetHandle':'value'},"
                + "{'source':'log','sourceHandle':'output','target':'out','targetHandle':'value'}]}");
        Finished f = run(engine, workflow, null);

        assertThat(f.outcome().outputs().get("x")).containsExactly(DoubleNode.valueOf(1.5));
        assertThat(f.summary())
                .containsSubsequence(
                        "node_update:log:running",
                        "log_update",
                        "notification",
                        "edge_update:log:output->out:value:active",
                        "edge_update:log:output->out:value:completed",
                        "node_update:log:completed");
        assertThat(f.ofType("log_update").get(0))
                .isEqualTo(json("{'type':'log_update','node_id':'log',"
                        + "'node_name':'Log','content':'1.5','severity':'warning'}"));
        assertThat(f.ofType("notification").get(0))
                .isEqualTo(json("{'type':'notification','node_id':'log'," + "'content':'1.5','severity':'warning'}"));
        assertThat(f.ofType("output_update").get(0).get("output_type").asText()).isEqualTo("float");
    }

    @Test
    void mathTextTitlesAndPropertiesAlias() throws Exception {
        ObjectNode workflow = workflowWithGraph("{'nodes':["
                + "{'id':'m','type':'nodetool.math.Multiply','properties':{'a':6,'b':'7'}},"
                + "{'id':'s','type':'nodetool.math.Subtract','data':{'b':2.5}},"
                + "{'id':'c','type':'nodetool.text.Concat','data':{'a':'n='}},"
                + "{'id':'o1','type':'nodetool.output.StringOutput','data':{}},"
                + "{'id':'o2','type':'nodetool.output.Output','data':{'name':'diff','title':'Difference'}},"
                + "{'id':'o3','type':'nodetool.output.Output','data':{'name':'prod'},'ui_properties':{'title':'Product'}}"
                + "],'edges':["
                + "{'source':'m','sourceHandle':'output','target':'s','targetHandle':'a'},"
                + "{'source':'m','sourceHandle':'output','target':'c','targetHandle':'b'},"
                + "{'source':'c','sourceHandle':'output','target':'o1','targetHandle':'value'},"
                + "{'source':'s','sourceHandle':'output','target':'o2','targetHandle':'value'},"
                + "{'source':'m','sourceHandle':'output','target':'o3','targetHandle':'value'}]}");
        Finished f = run(engine, workflow, null);

        assertThat(f.outcome().status()).isEqualTo("completed");
        assertThat(f.outcome().outputs().get("o1")).containsExactly(TextNode.valueOf("n=42"));
        assertThat(f.outcome().outputs().get("diff")).containsExactly(DoubleNode.valueOf(39.5));
        assertThat(f.outcome().outputs().get("prod")).containsExactly(IntNode.valueOf(42));
        // Gen C's WebSocket keys: class titles, and the two Output nodes merge (protocol-notes §8.5).
        assertThat(f.outcome().outputsByKernelName()).containsOnlyKeys("String Output", "Output");
        assertThat(f.outcome().outputsByKernelName().get("Output"))
                .containsExactly(DoubleNode.valueOf(39.5), IntNode.valueOf(42));
        assertThat(f.ofType("output_update").get(0).get("output_type").asText()).isEqualTo("str");
    }

    @Test
    void divisionByZeroFailsTheNode() throws Exception {
        ObjectNode workflow =
                workflowWithGraph("{'nodes':[{'id':'d','type':'nodetool.math.Divide','data':{'a':1,'b':0}},"
                        + "{'id':'o','type':'nodetool.output.Output','data':{'name':'q'}}],'edges':["
                        + "{'source':'d','sourceHandle':'output','target':'o','targetHandle':'value'}]}");
        Finished f = run(engine, workflow, null);
        assertThat(f.outcome().status()).isEqualTo("failed");
        assertThat(f.outcome().error()).isEqualTo("Division by zero");
        assertThat(f.summary()).containsExactly("node_update:d:running", "node_update:d:error", "error");

        ObjectNode ok = workflow.deepCopy();
        ((ObjectNode) ok.get("graph").get("nodes").get(0).get("data")).put("b", 4);
        assertThat(run(engine, ok, null).outcome().outputs().get("q")).containsExactly(DoubleNode.valueOf(0.25));
    }

    @Test
    void listenerOwnsItsMessagesAndAThrowingListenerStopsTheRun() throws Exception {
        GraphExecution e = engine.start("job-m", DemoWorkflows.greeting(), null, m -> {
            if (m.has("value")) {
                m.put("value", "tampered");
            }
        });
        assertThat(e.outcome().get(TIMEOUT_SECONDS, TimeUnit.SECONDS).outputs().get("greeting"))
                .containsExactly(TextNode.valueOf("Hello, World!"));

        List<ObjectNode> seen = new CopyOnWriteArrayList<>();
        GraphExecution broken = engine.start("job-b", DemoWorkflows.greeting(), null, m -> {
            seen.add(m);
            throw new IllegalStateException("socket gone");
        });
        ExecutionOutcome outcome = broken.outcome().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        assertThat(outcome.status()).isEqualTo("failed");
        assertThat(outcome.error()).contains("socket gone");
        assertThat(seen).hasSize(1);
    }

    @Test
    void inputNodesFallBackToTheirIdAndTypeDefaults() throws Exception {
        ObjectNode workflow = workflowWithGraph("{'nodes':["
                + "{'id':'flag','type':'nodetool.input.BooleanInput','data':{}},"
                + "{'id':'n','type':'nodetool.input.IntegerInput','data':{}},"
                + "{'id':'img','type':'nodetool.input.ImageInput','data':{'name':'picture'}},"
                + "{'id':'o1','type':'nodetool.output.Output','data':{'name':'flag'}},"
                + "{'id':'o2','type':'nodetool.output.Output','data':{'name':'n'}},"
                + "{'id':'o3','type':'nodetool.output.Output','data':{'name':'picture'}}],'edges':["
                + "{'source':'flag','target':'o1','targetHandle':'value'},"
                + "{'source':'n','sourceHandle':'output','target':'o2','targetHandle':'value'},"
                + "{'source':'img','sourceHandle':'output','target':'o3','targetHandle':'value'}]}");
        Finished f = run(engine, workflow, json("{'flag':'true','picture':{'type':'image','uri':'http://x/y.png'}}"));
        assertThat(f.outcome().outputs().get("flag")).containsExactly(json("true"));
        assertThat(f.outcome().outputs().get("n")).containsExactly(IntNode.valueOf(0));
        assertThat(f.outcome().outputs().get("picture"))
                .containsExactly(json("{'type':'image','uri':'http://x/y.png'}"));
    }

    @Test
    void anOutputNodesUpdateSitsBetweenItsEdgeUpdates() throws Exception {
        // protocol-notes §8.3 order for a node that both outputs and feeds another node.
        ObjectNode workflow = workflowWithGraph("{'nodes':["
                + "{'id':'first','type':'nodetool.output.Output','data':{'name':'first','value':'v'}},"
                + "{'id':'second','type':'nodetool.output.Output','data':{'name':'second'}}],'edges':["
                + "{'id':'e','source':'first','sourceHandle':'output','target':'second','targetHandle':'value'}]}");
        Finished f = run(engine, workflow, null);
        assertThat(f.summary())
                .containsExactly(
                        "node_update:first:running",
                        "edge_update:e:active",
                        "output_update:first",
                        "edge_update:e:completed",
                        "node_update:first:completed",
                        "node_update:second:running",
                        "output_update:second",
                        "node_update:second:completed");
        assertThat(f.outcome().outputs().get("second")).containsExactly(TextNode.valueOf("v"));
    }
}
