package ai.nodetool.testserver.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import ai.nodetool.testserver.DemoWorkflowIds;
import ai.nodetool.testserver.Generation;
import ai.nodetool.testserver.NodeToolTestServer;
import ai.nodetool.testserver.junit.BothGenerations;
import ai.nodetool.testserver.junit.OneGeneration;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpResponse;
import java.util.Base64;

/**
 * The media demo workflows really run over REST: {@code image-invert} inverts real pixels and
 * {@code audio-duration} reads a WAV's length, with inputs inline (both generations) or as uploaded
 * asset references (current generation).
 */
class MediaWorkflowsServerTest {

    @BothGenerations
    void inlineImageIsInverted(NodeToolTestServer server, Generation generation) throws Exception {
        byte[] png = Media.png();
        ObjectNode image = Rest.JSON.createObjectNode().put("type", "image").put("uri", "");
        image.put("data", Base64.getEncoder().encodeToString(png));
        JsonNode out = runOutput(server, generation, DemoWorkflowIds.IMAGE_INVERT, "image", image, "image");
        Media.assertInverted(png, bytesOf(new Rest(server), out));
    }

    @BothGenerations
    void inlineWavDataUriGivesItsDuration(NodeToolTestServer server, Generation generation) throws Exception {
        byte[] wav = Media.wav(8000, 12000);
        ObjectNode audio = Rest.JSON.createObjectNode().put("type", "audio");
        audio.put("uri", "data:audio/wav;base64," + Base64.getEncoder().encodeToString(wav));
        JsonNode out = runOutput(server, generation, DemoWorkflowIds.AUDIO_DURATION, "audio", audio, "duration");
        assertThat(out.asDouble()).isEqualTo(1.5);
    }

    @OneGeneration(Generation.CURRENT)
    void temporaryUploadIsReadByUri(NodeToolTestServer server) throws Exception {
        Rest rest = new Rest(server);
        byte[] png = Media.png();
        String uri = Rest.json(
                        rest.upload("/api/sdk/v1/assets/temporary", new Object[] {"file", "in.png", "image/png", png}))
                .get("uri")
                .asText();
        ObjectNode image = Rest.JSON.createObjectNode().put("type", "image").put("uri", uri);
        JsonNode out = runOutput(server, Generation.CURRENT, DemoWorkflowIds.IMAGE_INVERT, "image", image, "image");
        Media.assertInverted(png, bytesOf(rest, out));
    }

    @OneGeneration(Generation.CURRENT)
    void assetUploadIsReadByAssetId(NodeToolTestServer server) throws Exception {
        Rest rest = new Rest(server);
        byte[] wav = Media.wav(16000, 4000);
        JsonNode asset = Rest.json(rest.upload("/api/assets/", new Object[] {"file", "clip.wav", "audio/wav", wav}));
        String id = asset.get("id").asText();
        ObjectNode byId = Rest.JSON.createObjectNode().put("type", "audio").put("asset_id", id);
        byId.put("uri", "asset://" + id + ".wav");
        assertThat(runOutput(server, Generation.CURRENT, DemoWorkflowIds.AUDIO_DURATION, "audio", byId, "duration")
                        .asDouble())
                .isEqualTo(0.25);
        ObjectNode byUrl = Rest.JSON.createObjectNode().put("type", "audio");
        byUrl.put("uri", server.baseUrl() + asset.get("get_url").asText());
        assertThat(runOutput(server, Generation.CURRENT, DemoWorkflowIds.AUDIO_DURATION, "audio", byUrl, "duration")
                        .asDouble())
                .isEqualTo(0.25);
    }

    @BothGenerations
    void aReferenceToNothingFailsTheRun(NodeToolTestServer server, Generation generation) {
        ObjectNode image =
                Rest.JSON.createObjectNode().put("type", "image").put("uri", "/api/storage/temp/sdk-inputs/none.png");
        HttpResponse<byte[]> r = run(server, generation, DemoWorkflowIds.IMAGE_INVERT, "image", image);
        if (generation == Generation.LEGACY) {
            assertThat(r.statusCode()).isEqualTo(500);
            assertThat(Rest.json(r).get("detail").asText())
                    .contains("cannot read /api/storage/temp/sdk-inputs/none.png");
        } else {
            JsonNode envelope = Rest.json(r);
            assertThat(envelope.get("status").asText()).isEqualTo("failed");
            assertThat(envelope.get("error").asText()).contains("cannot read");
        }
    }

    private static HttpResponse<byte[]> run(
            NodeToolTestServer server, Generation generation, String workflow, String input, JsonNode value) {
        ObjectNode body = Rest.JSON.createObjectNode();
        body.putObject("params").set(input, value);
        return new Rest(server).postJson("/api/workflows/" + workflow + "/run", body.toString());
    }

    /** The output value: legacy's flat map holds it directly, the current envelope in a one-element list. */
    private static JsonNode runOutput(
            NodeToolTestServer server,
            Generation generation,
            String workflow,
            String input,
            JsonNode value,
            String output) {
        HttpResponse<byte[]> r = run(server, generation, workflow, input, value);
        assertThat(r.statusCode()).as(() -> new String(r.body())).isEqualTo(200);
        JsonNode body = Rest.json(r);
        if (generation == Generation.LEGACY) {
            // The flat map has the one output; its key (output name or node title) is not what is tested here.
            assertThat(body.size()).as(body::toString).isEqualTo(1);
            return body.elements().next();
        }
        assertThat(body.get("status").asText()).as(body::toString).isEqualTo("completed");
        return body.get("outputs").get(output).get(0);
    }

    /** The bytes of an output image ref: a {@code data:} URI (legacy) or a URL on the server (current). */
    static byte[] bytesOf(Rest rest, JsonNode ref) throws Exception {
        String uri = ref.get("uri").asText();
        if (uri.startsWith("data:")) {
            return Base64.getDecoder().decode(uri.substring(uri.indexOf(',') + 1));
        }
        HttpResponse<byte[]> r = rest.client.send(
                rest.request("").uri(java.net.URI.create(uri)).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(r.statusCode()).isEqualTo(200);
        return r.body();
    }
}
