package ai.nodetool.client.options;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.nodetool.client.core.RawResponse;
import ai.nodetool.client.core.RequestOptions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The value types of per-call options and raw responses: layering, validation, and no token in toString. */
class RequestOptionsTest {

    @Test
    void laterOptionsWinFieldByFieldAndHeadersMergeByName() {
        RequestOptions base = RequestOptions.builder()
                .timeout(Duration.ofSeconds(5))
                .maxRetries(1)
                .header("X-A", "1")
                .header("X-B", "1")
                .build();
        RequestOptions top =
                RequestOptions.builder().header("x-b", "2").apiToken("t0ken").build();

        RequestOptions merged = top.over(base);

        assertThat(merged.timeout()).contains(Duration.ofSeconds(5));
        assertThat(merged.maxRetries()).hasValue(1);
        assertThat(merged.apiToken()).contains("t0ken");
        assertThat(merged.headers()).containsExactly(Map.entry("X-A", "1"), Map.entry("x-b", "2"));
        assertThat(RequestOptions.none().over(base)).isEqualTo(base);
        assertThat(RequestOptions.none().isEmpty()).isTrue();
        assertThat(merged.toBuilder().build()).isEqualTo(merged).hasSameHashCodeAs(merged);
    }

    @Test
    void invalidValuesAreRefusedWhenSet() {
        assertThatThrownBy(() -> RequestOptions.builder().timeout(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RequestOptions.builder().maxRetries(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RequestOptions.builder().baseUrl("ftp://x"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RequestOptions.builder().header("Bad\nName", "v"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void toStringNamesTheFieldsButNeverTheTokenOrHeaderValues() {
        String s = RequestOptions.builder()
                .apiToken("s3cret-token")
                .header("X-Api-Key", "s3cret-key")
                .maxRetries(0)
                .build()
                .toString();

        assertThat(s).contains("apiToken=<set>", "X-Api-Key", "maxRetries=0").doesNotContain("s3cret");
    }

    @Test
    void rawResponseHeadersAreCaseInsensitive() {
        RawResponse<String> r = new RawResponse<>(200, Map.of("x-request-id", List.of("abc")), "v");

        assertThat(r.requestId()).contains("abc");
        assertThat(r.header("X-REQUEST-ID")).contains("abc");
        assertThat(r.headers().get("X-Request-Id")).containsExactly("abc");
        assertThat(r.header("ETag")).isEmpty();
    }
}
