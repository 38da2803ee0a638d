package ai.nodetool.client.internal.session;

import static org.assertj.core.api.Assertions.assertThat;

import ai.nodetool.client.internal.codec.MessageCodec;
import ai.nodetool.client.session.RunJobRequest;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Commands are packed to MessagePack straight from their tree (issue 15) instead of through
 * Jackson's MessagePack generator: the bytes must be exactly the ones the generator writes, for
 * every kind of value a command carries, and trees with nodes the direct packer does not write
 * (big numbers, POJOs) still go through Jackson.
 */
class CommandMsgpackEncodingTest {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private static byte[] jackson(ObjectNode frame) throws Exception {
        return MessageCodec.msgpack().writeValueAsBytes(frame);
    }

    @Test
    void aRunJobWithEveryKindOfParameterPacksToJacksonsBytes() throws Exception {
        Map<String, Object> nested = new LinkedHashMap<>();
        nested.put("list", List.of(1, -1, 127, 128, -33, 65_535, 70_000, -70_000, Long.MAX_VALUE, Long.MIN_VALUE));
        nested.put("doubles", List.of(0.5, -1e300, Double.MAX_VALUE));
        nested.put("float", 1.25f);
        nested.put("bytes", new byte[] {0, 1, 2, (byte) 255});
        nested.put("empty", new byte[0]);
        nested.put("unicode", "héllo – ✓ 𝄞");
        nested.put("long text", "x".repeat(70_000));
        nested.put("mid text", "y".repeat(300));
        nested.put("flag", false);
        nested.put("short", (short) 7);
        List<Object> withNull = new ArrayList<>();
        withNull.add(null);
        withNull.add(Map.of());
        withNull.add(List.of());
        nested.put("nulls", withNull);
        RunJobRequest request = RunJobRequest.builder()
                .workflowId("wf")
                .jobId("job-1")
                .param("name", "Ada")
                .param("n", 42)
                .param("nested", nested)
                .extra("concurrent", true)
                .build();
        ObjectNode frame = CommandEncoder.runJob(request);

        assertThat(CommandEncoder.toMsgpack(frame)).isEqualTo(jackson(frame));
    }

    @Test
    void everySmallCommandPacksToJacksonsBytes() throws Exception {
        for (ObjectNode frame : List.of(
                CommandEncoder.cancelJob("job-1", "wf"),
                CommandEncoder.cancelJob("job-1", null),
                CommandEncoder.pong(1234.5),
                CommandEncoder.runJob(
                        RunJobRequest.builder().workflowId("greeting").build()))) {
            assertThat(CommandEncoder.toMsgpack(frame)).as(frame.toString()).isEqualTo(jackson(frame));
        }
    }

    @Test
    void treesWithBigNumbersOrPojosStillPackAsJacksonDoes() throws Exception {
        ObjectNode big = F.objectNode();
        big.put("command", "x");
        big.put("big", new BigInteger("18446744073709551615"));
        big.put("decimal", new BigDecimal("1.5"));
        assertThat(CommandEncoder.toMsgpack(big)).isEqualTo(jackson(big));

        ObjectNode pojo = F.objectNode();
        pojo.putPOJO("value", List.of("a", 1));
        assertThat(CommandEncoder.toMsgpack(pojo)).isEqualTo(jackson(pojo));
        // and they decode back to the same tree
        assertThat(MessageCodec.readMsgpack(CommandEncoder.toMsgpack(big))
                        .get("big")
                        .bigIntegerValue())
                .isEqualTo(new BigInteger("18446744073709551615"));
    }
}
