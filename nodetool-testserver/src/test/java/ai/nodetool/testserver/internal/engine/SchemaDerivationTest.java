package ai.nodetool.testserver.internal.engine;

import static ai.nodetool.testserver.internal.engine.EngineHarness.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

class SchemaDerivationTest {
    private static final JsonNode GRAPH = json("{'nodes':["
            + "{'id':'f','type':'nodetool.input.FloatInput','data':{'name':'temperature','label':'Temp','value':0.5,'max':2}},"
            + "{'id':'i','type':'nodetool.input.IntegerInput','data':{'name':'count','value':'3','min':1}},"
            + "{'id':'s','type':'nodetool.input.StringInput','data':{'name':'prompt'}},"
            + "{'id':'b','type':'nodetool.input.BooleanInput','properties':{'name':'loud','value':true}},"
            + "{'id':'img','type':'nodetool.input.ImageInput','data':{'name':'picture','label':'Picture'}},"
            + "{'id':'aud','type':'nodetool.input.AudioInput','data':{}},"
            + "{'id':'t','type':'nodetool.text.Concat','data':{}},"
            + "{'id':'o','type':'nodetool.output.StringOutput','data':{'name':'text','label':'Text'}},"
            + "{'id':'o2','type':'nodetool.output.Output','data':{}}],'edges':[]}");

    @Test
    void inputSchemaFollowsGenAPerInputClass() {
        JsonNode expected = json("{'type':'object','properties':{"
                + "'temperature':{'type':'number','minimum':0.0,'maximum':2.0,'default':0.5,'label':'Temp'},"
                + "'count':{'type':'integer','minimum':1,'maximum':100,'default':3,'label':''},"
                + "'prompt':{'type':'string','default':'','label':''},"
                + "'loud':{'type':'boolean','default':true,'label':''},"
                + "'picture':{'type':'object','properties':{'uri':{'type':'string','format':'uri'},"
                + "'type':{'type':'string','enum':['image']}},'required':['uri','type'],'label':'Picture'},"
                + "'aud':{'type':'object','properties':{'uri':{'type':'string','format':'uri'},"
                + "'type':{'type':'string','enum':['audio']}},'required':['uri','type'],'label':''}},"
                + "'required':['temperature','count','prompt','loud','picture','aud']}");
        assertThat(SchemaDerivation.inputSchema(GRAPH)).isEqualTo(expected);
    }

    @Test
    void outputSchemaListsEveryOutputAsAny() {
        assertThat(SchemaDerivation.outputSchema(GRAPH))
                .isEqualTo(
                        json(
                                "{'type':'object','properties':{"
                                        + "'text':{'type':'any','label':'Text'},'o2':{'type':'any','label':''}},'required':['text','o2']}"));
    }

    @Test
    void schemasOfAMissingGraphAreEmpty() {
        JsonNode empty = json("{'type':'object','properties':{},'required':[]}");
        assertThat(SchemaDerivation.inputSchema(null)).isEqualTo(empty);
        assertThat(SchemaDerivation.outputSchema(json("{}"))).isEqualTo(empty);
    }

    @Test
    void demoSumSchema() {
        JsonNode graph = DemoWorkflows.sum().get("graph");
        assertThat(SchemaDerivation.inputSchema(graph))
                .isEqualTo(
                        json(
                                "{'type':'object','properties':{"
                                        + "'a':{'type':'integer','minimum':-1000,'maximum':1000,'default':2,'label':'A'},"
                                        + "'b':{'type':'integer','minimum':-1000,'maximum':1000,'default':3,'label':'B'}},'required':['a','b']}"));
        assertThat(SchemaDerivation.outputSchema(graph))
                .isEqualTo(json("{'type':'object','properties':{'sum':{'type':'any','label':''}},'required':['sum']}"));
    }

    @Test
    void interfaceV1DescribesPinsAndStreams() {
        JsonNode iface = SchemaDerivation.interfaceV1(
                "text-stream", "etag-1", DemoWorkflows.textStream().get("graph"));
        assertThat(iface)
                .isEqualTo(json("{'version':1,'workflow_id':'text-stream','etag':'etag-1','source':'server',"
                        + "'inputs':[{'node_id':'text_input','name':'text','description':'','type':'str','required':false,"
                        + "'default':'The quick brown fox jumps over the lazy dog'}],"
                        + "'outputs':[{'node_id':'text_output','name':'text','description':'','type':'any','stream':true,"
                        + "'stream_kind':'text'}],'diagnostics':[]}"));

        JsonNode other = SchemaDerivation.interfaceV1("x", null, GRAPH);
        assertThat(other.get("inputs").get(1))
                .isEqualTo(json("{'node_id':'i','name':'count','description':'',"
                        + "'type':'int','required':false,'default':'3','min':1}"));
        assertThat(other.get("inputs").get(2).get("required").asBoolean()).isTrue();
        assertThat(other.get("outputs").get(0))
                .isEqualTo(json("{'node_id':'o','name':'text','description':'','type':'str','stream':false}"));
        assertThat(other.get("diagnostics")).isEmpty();

        JsonNode unknown = SchemaDerivation.interfaceV1(
                "y", null, json("{'nodes':[{'id':'z','type':'nodetool.fancy.Thing'}],'edges':[]}"));
        assertThat(unknown.get("diagnostics").get(0).get("code").asText()).isEqualTo("unknown_node_type");
        assertThat(unknown.get("diagnostics").get(0).get("node_id").asText()).isEqualTo("z");
    }
}
