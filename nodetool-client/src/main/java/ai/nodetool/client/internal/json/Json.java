package ai.nodetool.client.internal.json;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import org.msgpack.jackson.dataformat.MessagePackMapper;

/**
 * The SDK's two shared Jackson mappers, JSON and MessagePack, configured once. This package sits at the
 * bottom of the client: it imports nothing of the SDK, so the public model packages can use it without
 * depending on the codec that builds them.
 */
public final class Json {
    private static final ObjectMapper JSON = JsonMapper.builder()
            .addModule(new Jdk8Module())
            .addModule(new JavaTimeModule())
            .enable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    /**
     * Built on first use: a program that never opens a MessagePack session (a command-line run, a
     * blocking call) does not pay for msgpack's classes and a second mapper at start.
     */
    private static final class Msgpack {
        static final ObjectMapper MAPPER = configure(new MessagePackMapper());
    }

    private static ObjectMapper configure(ObjectMapper mapper) {
        mapper.registerModule(new Jdk8Module());
        mapper.registerModule(new JavaTimeModule());
        mapper.disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        return mapper;
    }

    private Json() {}

    /** @return the shared JSON mapper (do not reconfigure it) */
    public static ObjectMapper mapper() {
        return JSON;
    }

    /** @return the shared MessagePack mapper (do not reconfigure it) */
    public static ObjectMapper msgpackMapper() {
        return Msgpack.MAPPER;
    }
}
