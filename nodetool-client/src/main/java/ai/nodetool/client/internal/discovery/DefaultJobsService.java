package ai.nodetool.client.internal.discovery;

import ai.nodetool.client.discovery.JobRecord;
import ai.nodetool.client.discovery.JobRecordPage;
import ai.nodetool.client.discovery.JobsService;
import ai.nodetool.client.errors.NodeToolHttpException;
import ai.nodetool.client.errors.NodeToolProtocolException;
import ai.nodetool.client.internal.http.HttpCaller;
import ai.nodetool.client.internal.json.Trees;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import okhttp3.HttpUrl;

/** {@code /api/jobs} and {@code /api/jobs/{id}} (protocol-notes §11.10); Gen C has neither. */
public final class DefaultJobsService implements JobsService {
    private static final String FEATURE = "REST job records (GET /api/jobs)";

    private final HttpCaller http;

    /** @param http the client's HTTP plumbing */
    public DefaultJobsService(HttpCaller http) {
        this.http = http;
    }

    private JsonNode get(HttpUrl url) {
        try {
            return http.executeJson(http.request(url).get().build(), false);
        } catch (NodeToolHttpException e) {
            throw Unsupported.map(e, FEATURE);
        }
    }

    @Override
    public JobRecordPage list() {
        return list(null);
    }

    @Override
    public JobRecordPage list(String startKey) {
        HttpUrl.Builder u = http.editorUrlBuilder("api", "jobs");
        if (startKey != null) {
            u.addQueryParameter("start_key", startKey);
        }
        JsonNode body = get(u.build());
        JsonNode jobs = body.isArray() ? body : body.get("jobs"); // bare array before v0.6.2
        if (jobs == null || !jobs.isArray()) {
            throw new NodeToolProtocolException(
                    "list jobs: expected an array or {\"jobs\": [...]}, got " + body.getNodeType());
        }
        List<JobRecord> out = new ArrayList<>();
        jobs.forEach(j -> out.add(record(j)));
        return new JobRecordPage(List.copyOf(out), body.isObject() ? Trees.text(body, "next_start_key") : null);
    }

    @Override
    public JobRecord get(String jobId) {
        Objects.requireNonNull(jobId, "jobId");
        return record(get(http.editorUrl("api", "jobs", jobId)));
    }

    private static JobRecord record(JsonNode j) {
        if (!j.isObject()) {
            throw new NodeToolProtocolException("job record: expected a JSON object, got " + j.getNodeType());
        }
        ObjectNode o = (ObjectNode) j;
        return new JobRecord(
                Trees.scalarText(o, "id"),
                Trees.text(o, "status"),
                Trees.scalarText(o, "workflow_id"),
                Trees.text(o, "started_at"),
                Trees.text(o, "finished_at"),
                Trees.text(o, "error"),
                o.deepCopy());
    }

    @Override
    public ai.nodetool.client.discovery.JobsService withOptions(ai.nodetool.client.core.RequestOptions options) {
        HttpCaller view = http.withOptions(options);
        return view == http ? this : new DefaultJobsService(view);
    }
}
