package ai.nodetool.client.messages;

import ai.nodetool.client.internal.json.Json;
import ai.nodetool.client.internal.json.Trees;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The outputs of a finished job, normalised across the server generations and transports.
 *
 * <p>{@link #outputs()} maps each output name to the list of every value that output produced
 * (a non-streaming output gives a one-element list; Gen A's scalar values are wrapped).
 * Values are plain Java: String, Integer/Long, Double, Boolean, List, Map (String keys), byte[]
 * and {@link AssetRef} for media objects. Keys are the names the server used: the Output node's
 * {@code name} on Gen C, its display title on Gen A's blocking run (protocol-notes §5.2).
 *
 * <p>A result returned by a blocking {@code run()} always has status {@link JobStatus#COMPLETED};
 * failed and cancelled runs throw instead. Immutable and thread-safe (do not modify
 * {@link #raw()}).
 */
public final class RunResult {
    private final JobStatus status;
    private final String jobId;
    private final Map<String, List<Object>> outputs;
    private final String error;
    private final JsonNode raw;

    private RunResult(JobStatus status, String jobId, Map<String, List<Object>> outputs, String error, JsonNode raw) {
        this.status = Objects.requireNonNull(status, "status");
        this.jobId = jobId;
        this.outputs = outputs;
        this.error = error;
        this.raw = raw == null ? NullNode.getInstance() : raw;
    }

    /**
     * Normalises the body of the Editor API's blocking run ({@code POST /api/workflows/{id}/run}):
     * the Gen C envelope {@code {job_id, status, outputs:{name:[values]}, error}} or Gen A's flat
     * map {@code {output title: value}} (protocol-notes §5.1, §5.2).
     *
     * @param body the response body
     * @return the result, with the status the server reported (COMPLETED for Gen A)
     */
    public static RunResult fromEditorResponse(JsonNode body) {
        if (isEnvelope(body)) {
            return new RunResult(
                    JobStatus.of(Trees.text(body, "status")),
                    jobIdOf(body),
                    listValued(body.get("outputs")),
                    errorOf(body),
                    body);
        }
        return new RunResult(JobStatus.COMPLETED, null, scalarValued(body), null, body);
    }

    /**
     * Normalises the Worker API's {@code {"results": {name: value}}} (protocol-notes §5.4).
     *
     * @param body the response body
     * @return a COMPLETED result
     */
    public static RunResult fromWorkerResponse(JsonNode body) {
        JsonNode results = body == null ? null : body.get("results");
        return new RunResult(JobStatus.COMPLETED, null, scalarValued(results), null, body);
    }

    /**
     * Normalises a terminal {@code job_update}: {@code result} holds {@code {name:[values]}}
     * directly (Gen A/B) or under {@code outputs} (Gen C). The fixture shape
     * {@code {"node":{"output":v}}} is accepted too (a non-list value becomes a one-element list).
     *
     * @param update the terminal job update
     * @return the result with the update's status, job id and error
     */
    public static RunResult fromJobUpdate(JobUpdate update) {
        JsonNode result = update.result();
        JsonNode outputs = result != null
                        && result.isObject()
                        && result.has("outputs")
                        && (result.get("outputs").isObject()
                                || result.get("outputs").isNull())
                ? result.get("outputs")
                : result;
        return new RunResult(update.status(), update.jobId(), listValued(outputs), update.error(), update.raw());
    }

    /**
     * Normalises the Worker SSE end event {@code {"type":"complete","results":{…}}}.
     *
     * @param complete the end event
     * @param jobId the job id seen earlier in the stream, may be null
     * @return a COMPLETED result
     */
    public static RunResult fromWorkerComplete(WorkerComplete complete, String jobId) {
        return new RunResult(JobStatus.COMPLETED, jobId, scalarValued(complete.results()), null, complete.raw());
    }

    /**
     * Builds a result from values collected elsewhere (e.g. {@code output_update}s of a stream).
     *
     * @param status final status
     * @param jobId job id, may be null
     * @param outputs output name to values; copied
     * @param error error text, may be null
     * @param raw the payload the result came from, may be null
     * @return the result
     */
    public static RunResult of(
            JobStatus status, String jobId, Map<String, List<Object>> outputs, String error, JsonNode raw) {
        Map<String, List<Object>> copy = new LinkedHashMap<>();
        outputs.forEach((k, v) -> copy.put(k, Collections.unmodifiableList(new ArrayList<>(v))));
        return new RunResult(status, jobId, Collections.unmodifiableMap(copy), error, raw);
    }

    private static boolean isEnvelope(JsonNode body) {
        // Gen C always sends job_id and status next to outputs (protocol-notes §5.1); a Gen A flat map
        // could only look like this if its output titles were literally these names.
        return body != null
                && body.isObject()
                && body.has("status")
                && body.get("status").isTextual()
                && (body.has("outputs") || body.has("job_id"));
    }

    private static String jobIdOf(JsonNode body) {
        String id = Trees.scalarText(body, "job_id");
        return id != null ? id : Trees.scalarText(body, "id");
    }

    private static String errorOf(JsonNode body) {
        JsonNode e = Trees.nonNull(body, "error");
        if (e == null) {
            return null;
        }
        return e.isTextual() ? e.textValue() : e.toString();
    }

    private static Map<String, List<Object>> listValued(JsonNode outputs) {
        Map<String, List<Object>> map = new LinkedHashMap<>();
        if (outputs != null && outputs.isObject()) {
            for (Map.Entry<String, JsonNode> e : outputs.properties()) {
                JsonNode v = e.getValue();
                List<Object> values = new ArrayList<>();
                if (v.isArray()) {
                    for (JsonNode item : v) {
                        values.add(JavaValues.toJava(item));
                    }
                } else {
                    values.add(JavaValues.toJava(v));
                }
                map.put(e.getKey(), Collections.unmodifiableList(values));
            }
        }
        return Collections.unmodifiableMap(map);
    }

    private static Map<String, List<Object>> scalarValued(JsonNode outputs) {
        Map<String, List<Object>> map = new LinkedHashMap<>();
        if (outputs != null && outputs.isObject()) {
            for (Map.Entry<String, JsonNode> e : outputs.properties()) {
                List<Object> one = new ArrayList<>(1);
                one.add(JavaValues.toJava(e.getValue()));
                map.put(e.getKey(), Collections.unmodifiableList(one));
            }
        }
        return Collections.unmodifiableMap(map);
    }

    /** @return the job status, never null (COMPLETED for any result a blocking run returns) */
    public JobStatus status() {
        return status;
    }

    /** @return the job id, or null when the server did not send one (Gen A blocking run, Worker API) */
    public String jobId() {
        return jobId;
    }

    /** @return output name to every value it produced, in server order; unmodifiable */
    public Map<String, List<Object>> outputs() {
        return outputs;
    }

    /**
     * @param name output name
     * @return the last value that output produced, or null when it produced none
     */
    public Object output(String name) {
        List<Object> values = outputs.get(name);
        return values == null || values.isEmpty() ? null : values.get(values.size() - 1);
    }

    /**
     * Typed form of {@link #output(String)}: returns the value when it already has the type,
     * otherwise converts it with Jackson (e.g. a Map to your record, an Integer to Long).
     *
     * @param name output name
     * @param type wanted type
     * @param <T> wanted type
     * @return the converted value, or null when there is none
     * @throws IllegalArgumentException when the value cannot be converted
     */
    public <T> T output(String name, Class<T> type) {
        Object value = output(name);
        if (value == null || type.isInstance(value)) {
            return type.cast(value);
        }
        if (value instanceof AssetRef) {
            return Json.mapper().convertValue(((AssetRef) value).raw(), type);
        }
        return Json.mapper().convertValue(value, type);
    }

    /** @return the error text the server reported, or null */
    public String error() {
        return error;
    }

    /** @return the payload this result was built from (never null; a NullNode when none) */
    public JsonNode raw() {
        return raw;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof RunResult)) {
            return false;
        }
        RunResult r = (RunResult) o;
        return status.equals(r.status)
                && Objects.equals(jobId, r.jobId)
                && Objects.equals(error, r.error)
                && Trees.equivalent(raw, r.raw);
    }

    @Override
    public int hashCode() {
        return Objects.hash(status, jobId, error, Trees.hash(raw));
    }

    @Override
    public String toString() {
        return "RunResult{status=" + status + ", jobId=" + jobId + ", outputs=" + outputs.keySet()
                + (error == null ? "" : ", error=" + error) + "}";
    }
}
