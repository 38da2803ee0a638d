package ai.nodetool.client;

import mockwebserver3.MockResponse;
import okhttp3.Headers;

/** Exact response shapes of the two server generations (protocol-notes §2.3, §4–§5). */
enum Gen {
    A,
    C;

    static MockResponse json(int code, String body) {
        return new MockResponse.Builder()
                .code(code)
                .addHeader("Content-Type", "application/json")
                .body(body)
                .build();
    }

    static MockResponse json(String body) {
        return json(200, body);
    }

    /** A workflow object with every documented field of this generation plus one unknown field. */
    String workflow(String id, String name) {
        String graph = "{\"nodes\":[{\"id\":\"in1\",\"type\":\"nodetool.input.StringInput\","
                + "\"data\":{\"name\":\"text\",\"value\":\"hi\"},\"ui_properties\":{\"position\":{\"x\":1,\"y\":2}}},"
                + "{\"id\":\"out1\",\"type\":\"nodetool.output.Output\",\"data\":{\"name\":\"result\"},\"node_extra\":7}],"
                + "\"edges\":[{\"id\":\"e1\",\"source\":\"in1\",\"sourceHandle\":\"output\",\"target\":\"out1\","
                + "\"targetHandle\":\"value\"}]}";
        if (this == A) {
            return "{\"id\":\"" + id + "\",\"access\":\"private\",\"created_at\":\"2025-06-01T10:00:00.123456\","
                    + "\"updated_at\":\"2025-06-02T11:00:00.654321\",\"name\":\"" + name + "\",\"tool_name\":null,"
                    + "\"description\":\"\",\"tags\":[\"demo\"],\"thumbnail\":null,\"thumbnail_url\":null,"
                    + "\"graph\":" + graph + ","
                    + "\"input_schema\":{\"type\":\"object\",\"properties\":{\"text\":{\"type\":\"string\",\"default\":\"hi\",\"label\":\"\"}},\"required\":[\"text\"]},"
                    + "\"output_schema\":{\"type\":\"object\",\"properties\":{\"result\":{\"type\":\"any\",\"label\":\"\"}},\"required\":[\"result\"]},"
                    + "\"settings\":null,\"package_name\":null,\"path\":null,\"run_mode\":\"workflow\","
                    + "\"workspace_id\":null,\"required_providers\":null,\"required_models\":null,"
                    + "\"future_field\":{\"x\":1}}";
        }
        return "{\"id\":\"" + id + "\",\"access\":\"private\",\"created_at\":\"2026-06-01T10:00:00.000Z\","
                + "\"updated_at\":\"2026-06-02T11:00:00.000Z\",\"name\":\"" + name + "\",\"tool_name\":null,"
                + "\"description\":\"\",\"tags\":[\"demo\"],\"thumbnail\":null,\"thumbnail_url\":null,"
                + "\"graph\":" + graph + ",\"input_schema\":null,\"output_schema\":null,\"settings\":null,"
                + "\"package_name\":null,\"path\":null,\"run_mode\":\"workflow\",\"workspace_id\":null,"
                + "\"required_providers\":null,\"required_models\":null,\"html_app\":null,\"app_doc\":null,"
                + "\"etag\":\"rev-3\",\"future_field\":{\"x\":1}}";
    }

    String page(String next, String... workflows) {
        return "{\"workflows\":[" + String.join(",", workflows) + "],\"next\":"
                + (next == null ? "null" : "\"" + next + "\"") + "}";
    }

    MockResponse deleted() {
        return this == A ? json("null") : new MockResponse.Builder().code(204).build();
    }

    MockResponse unauthorized() {
        if (this == A) {
            return new MockResponse.Builder()
                    .code(401)
                    .addHeader("Content-Type", "application/json")
                    .addHeader("WWW-Authenticate", "Bearer")
                    .body("{\"detail\":\"Authorization header required. Use 'Authorization: Bearer <token>'.\"}")
                    .build();
        }
        return new MockResponse.Builder()
                .code(401)
                .addHeader("Content-Type", "application/json")
                .addHeader("X-Request-Id", "req-401")
                .body("{\"error\":\"Unauthorized\"}")
                .build();
    }

    String unauthorizedText() {
        return this == A ? "Authorization header required. Use 'Authorization: Bearer <token>'." : "Unauthorized";
    }

    /** A successful blocking run producing "hello". */
    MockResponse runOk() {
        if (this == A) {
            return json("{\"String Output\":\"hello\"}");
        }
        return json("{\"job_id\":\"job-1\",\"workflow_id\":\"wf1\",\"status\":\"completed\","
                + "\"outputs\":{\"result\":[\"hello\"]},\"error\":null,\"message_count\":14,\"background\":false}");
    }

    String runOutputName() {
        return this == A ? "String Output" : "result";
    }

    static Headers none() {
        return Headers.of();
    }
}
