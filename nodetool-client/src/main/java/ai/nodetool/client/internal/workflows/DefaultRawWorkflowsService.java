package ai.nodetool.client.internal.workflows;

import ai.nodetool.client.core.RawResponse;
import ai.nodetool.client.errors.NodeToolProtocolException;
import ai.nodetool.client.messages.RunResult;
import ai.nodetool.client.workflows.ListWorkflowsParams;
import ai.nodetool.client.workflows.RawWorkflowsService;
import ai.nodetool.client.workflows.Workflow;
import ai.nodetool.client.workflows.WorkflowInterface;
import ai.nodetool.client.workflows.WorkflowPage;
import ai.nodetool.client.workflows.WorkflowRequest;
import ai.nodetool.client.workflows.WorkflowsService;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import okhttp3.Response;

/**
 * {@link RawWorkflowsService} over a {@link DefaultWorkflowsService}: each call runs the plain call
 * on a view of the caller that notes the status and headers of the successful response before its
 * body is parsed, so the value and its response come from one request.
 */
final class DefaultRawWorkflowsService implements RawWorkflowsService {
    private final DefaultWorkflowsService service;

    DefaultRawWorkflowsService(DefaultWorkflowsService service) {
        this.service = service;
    }

    private record Head(int status, Map<String, List<String>> headers) {}

    private <T> RawResponse<T> raw(Function<WorkflowsService, T> call) {
        AtomicReference<Head> head = new AtomicReference<>();
        // The last successful response is the call's own (local assets are uploaded before a run).
        T value = call.apply(service.capturing(r -> head.set(head(r))));
        Head h = head.get();
        if (h == null) {
            throw new NodeToolProtocolException("no response was received for a call that returned");
        }
        return new RawResponse<>(h.status(), h.headers(), value);
    }

    private static Head head(Response r) {
        return new Head(r.code(), r.headers().toMultimap());
    }

    @Override
    public RawResponse<WorkflowPage> list() {
        return raw(WorkflowsService::list);
    }

    @Override
    public RawResponse<WorkflowPage> list(ListWorkflowsParams params) {
        return raw(s -> s.list(params));
    }

    @Override
    public RawResponse<Workflow> get(String id) {
        return raw(s -> s.get(id));
    }

    @Override
    public RawResponse<Workflow> create(WorkflowRequest request) {
        return raw(s -> s.create(request));
    }

    @Override
    public RawResponse<Workflow> update(String id, WorkflowRequest request) {
        return raw(s -> s.update(id, request));
    }

    @Override
    public RawResponse<Void> delete(String id) {
        return raw(s -> {
            s.delete(id);
            return null;
        });
    }

    @Override
    public RawResponse<WorkflowPage> listPublic() {
        return raw(WorkflowsService::listPublic);
    }

    @Override
    public RawResponse<Workflow> getPublic(String id) {
        return raw(s -> s.getPublic(id));
    }

    @Override
    public RawResponse<WorkflowPage> examples() {
        return raw(WorkflowsService::examples);
    }

    @Override
    public RawResponse<WorkflowInterface> interfaceOf(String id) {
        return raw(s -> s.interfaceOf(id));
    }

    @Override
    public RawResponse<RunResult> run(String id, Map<String, ?> params) {
        return raw(s -> s.run(id, params));
    }
}
