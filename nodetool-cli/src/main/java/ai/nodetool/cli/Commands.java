package ai.nodetool.cli;

import ai.nodetool.client.NodeToolClient;
import ai.nodetool.client.assets.UploadOptions;
import ai.nodetool.client.assets.UploadedAsset;
import ai.nodetool.client.messages.AssetRef;
import ai.nodetool.client.messages.CommandReply;
import ai.nodetool.client.messages.JobMessage;
import ai.nodetool.client.messages.JobResumed;
import ai.nodetool.client.messages.JobStatus;
import ai.nodetool.client.messages.JobUpdate;
import ai.nodetool.client.messages.NodeProgress;
import ai.nodetool.client.messages.OutputUpdate;
import ai.nodetool.client.messages.RunResult;
import ai.nodetool.client.session.JobHandle;
import ai.nodetool.client.session.JobSession;
import ai.nodetool.client.session.RunJobRequest;
import ai.nodetool.client.workflows.Workflow;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** The commands of {@link NodeToolCli}, run against one client. Errors propagate as exceptions. */
final class Commands {
    /** How long status waits for the server's answer about a job of another connection. */
    private static final long STATUS_TIMEOUT_SECONDS = 10;

    /** Built on first use: only --json output needs them, and each mapper costs start-up time. */
    private static final class Mappers {
        static final ObjectMapper JSON = new ObjectMapper();
        static final ObjectMapper PRETTY = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    }

    private final NodeToolClient client;
    private final NodeToolCli.Options options;
    private final PrintStream out;
    private final PrintStream err;
    private final boolean interactive;

    Commands(
            NodeToolClient client, NodeToolCli.Options options, PrintStream out, PrintStream err, boolean interactive) {
        this.client = client;
        this.options = options;
        this.out = out;
        this.err = err;
        this.interactive = interactive;
    }

    int execute() throws Exception {
        switch (options.command) {
            case "list" -> list();
            case "get" -> get(options.positional.get(0));
            case "run" -> run(options.positional.get(0));
            case "status" -> status(options.positional.get(0));
            case "cancel" -> cancel(options.positional.get(0));
            case "watch" -> watch(options.positional.get(0));
            case "upload" -> upload(options.positional.get(0));
            default -> throw new NodeToolCli.UsageException("unknown command '" + options.command + "'");
        }
        return NodeToolCli.OK;
    }

    private void list() throws JsonProcessingException {
        ArrayNode all = options.json ? Mappers.JSON.createArrayNode() : null;
        int count = 0;
        for (Workflow w : client.workflows().listAll()) {
            count++;
            if (options.json) {
                all.add(w.raw());
            } else {
                out.println(w.id() + "\t" + w.name());
            }
        }
        if (options.json) {
            out.println(Mappers.PRETTY.writeValueAsString(all));
        } else if (count == 0) {
            err.println("No workflows.");
        }
    }

    private void get(String id) throws JsonProcessingException {
        Workflow w = client.workflows().get(id);
        if (options.json) {
            out.println(Mappers.PRETTY.writeValueAsString(w.raw()));
            return;
        }
        out.println("id:          " + w.id());
        out.println("name:        " + w.name());
        if (w.description() != null && !w.description().isEmpty()) {
            out.println("description: " + w.description());
        }
        if (!w.tags().isEmpty()) {
            out.println("tags:        " + String.join(", ", w.tags()));
        }
        if (w.access() != null) {
            out.println("access:      " + w.access());
        }
        w.graph()
                .ifPresent(g -> out.println("graph:       " + g.nodes().size() + " nodes, "
                        + g.edges().size() + " edges"));
        w.updatedAt().ifPresent(t -> out.println("updated at:  " + t));
    }

    private void run(String id) throws Exception {
        RunResult result;
        if (options.ws) {
            result = runOverWebSocket(id);
        } else if (options.stream) {
            ProgressBar bar = new ProgressBar(err, interactive, id);
            try {
                result = client.workflows().stream(id, options.params)
                        .onMessage(this::showLive)
                        .onProgress(p -> progress(bar, p))
                        .await();
            } finally {
                bar.finish();
            }
        } else {
            result = client.workflows().run(id, options.params);
        }
        printResult(result);
    }

    private RunResult runOverWebSocket(String id) throws Exception {
        try (JobSession session = client.connect()) {
            JobHandle job = session.runJob(RunJobRequest.builder()
                    .workflowId(id)
                    .params(options.params)
                    .build());
            CompletableFuture<Void> streamed = new CompletableFuture<>();
            ProgressBar bar = new ProgressBar(err, interactive, id);
            job.updates().subscribe(new Printer(job, bar, streamed, options.stream, true));
            try {
                RunResult result = job.result().get();
                // Let every update be printed before the result (they are delivered separately).
                streamed.handle((v, e) -> null).get(30, TimeUnit.SECONDS);
                return result;
            } finally {
                bar.finish();
            }
        }
    }

    /**
     * Prints the job id at the first update (a legacy server names the job itself, so the id is
     * known only then), and with --stream every message; completes {@code done} at the end.
     */
    private final class Printer implements Flow.Subscriber<JobMessage> {
        private final JobHandle job;
        private final ProgressBar bar;
        private final CompletableFuture<Void> done;
        private final boolean live;
        private boolean announced;

        /**
         * @param live true to print every message (run --stream, watch), false to announce the job only
         * @param announce false when the job id is known already (watch), so there is nothing to announce
         */
        Printer(JobHandle job, ProgressBar bar, CompletableFuture<Void> done, boolean live, boolean announce) {
            this.job = job;
            this.bar = bar;
            this.done = done;
            this.live = live;
            this.announced = !announce;
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            subscription.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(JobMessage message) {
            if (!announced) {
                announced = true;
                // On stderr, so it can be used to watch or cancel the job from another terminal.
                err.println("Job " + job.jobId() + " started (workflow " + job.workflowId() + ").");
            }
            if (!live) {
                return;
            }
            showLive(message);
            if (message instanceof NodeProgress) {
                progress(bar, (NodeProgress) message);
            }
        }

        @Override
        public void onError(Throwable throwable) {
            done.complete(null); // the result future reports the failure
        }

        @Override
        public void onComplete() {
            done.complete(null);
        }
    }

    /** The bar is for people: JSON mode, meant for programs, prints the raw messages only. */
    private void progress(ProgressBar bar, NodeProgress p) {
        if (!options.json) {
            bar.update(p.progress(), p.total());
        }
    }

    /** Streams: JSON mode prints every message; plain mode prints output values and the job's statuses. */
    private void showLive(JobMessage message) {
        if (options.json) {
            out.println(message.raw().toString());
        } else if (message instanceof OutputUpdate) {
            OutputUpdate o = (OutputUpdate) message;
            String name = o.outputName() != null ? o.outputName() : o.nodeName();
            out.println("output " + name + ": " + Show.value(asJava(o.value())));
        } else if (message instanceof JobResumed) {
            JobResumed r = (JobResumed) message;
            err.println("Attached: the job is " + r.status()
                    + (r.replayIncomplete() ? "; some of its earlier messages are gone from the server" : "")
                    + ".");
        } else if (message instanceof JobUpdate) {
            JobUpdate u = (JobUpdate) message;
            err.println("job " + (u.jobId() == null ? "" : u.jobId() + " ")
                    + u.status().value() + (u.error() == null ? "" : ": " + u.error()));
        }
    }

    private static Object asJava(JsonNode value) {
        if (value == null) {
            return null;
        }
        if (AssetRef.isAssetRef(value)) {
            return AssetRef.of(value);
        }
        return value.isTextual() ? value.textValue() : value;
    }

    private void printResult(RunResult result) throws JsonProcessingException {
        if (options.json) {
            ObjectNode node = Mappers.JSON.createObjectNode();
            node.put("job_id", result.jobId());
            node.put("status", result.status().value());
            ObjectNode outputs = node.putObject("outputs");
            for (Map.Entry<String, List<Object>> e : result.outputs().entrySet()) {
                ArrayNode values = outputs.putArray(e.getKey());
                for (Object v : e.getValue()) {
                    values.add(v instanceof AssetRef ? ((AssetRef) v).raw() : Mappers.JSON.valueToTree(v));
                }
            }
            // After a stream of one-line messages (run --stream, watch) the result is one line too.
            boolean live = options.stream || options.command.equals("watch");
            out.println(live ? Mappers.JSON.writeValueAsString(node) : Mappers.PRETTY.writeValueAsString(node));
            return;
        }
        err.println("Job " + (result.jobId() == null ? "" : result.jobId() + " ")
                + result.status().value() + ".");
        for (Map.Entry<String, List<Object>> e : result.outputs().entrySet()) {
            for (Object v : e.getValue()) {
                out.println(e.getKey() + ": " + (v instanceof String ? v : Show.value(v)));
            }
        }
    }

    private void status(String jobId) throws Exception {
        JobStatus status;
        try (JobSession session = client.connect()) {
            status = session.getStatus(jobId).get();
            if (status.value().equals("not_found")) {
                // get_status only covers this connection's jobs (protocol-notes §7.2);
                // reconnect_job reaches jobs of other connections and starts with their state.
                status = statusByReconnect(session, jobId);
            }
        }
        if (options.json) {
            ObjectNode node =
                    Mappers.JSON.createObjectNode().put("job_id", jobId).put("status", status.value());
            out.println(Mappers.JSON.writeValueAsString(node));
        } else {
            out.println(jobId + ": " + status.value());
        }
        if (status.value().equals("not_found")) {
            throw new ai.nodetool.client.errors.NodeToolException("no job " + jobId + " on the server");
        }
    }

    /**
     * Attaches to the job with {@code reconnect_job} (replaying from the start) and reads its
     * state: Gen C first sends a {@code job_resumed} header saying running or finished, then the
     * replay, whose terminal {@code job_update} tells how a finished job ended; Gen A/B send the
     * current {@code job_update} first (protocol-notes §9.1).
     */
    private JobStatus statusByReconnect(JobSession session, String jobId) throws Exception {
        CompletableFuture<JobStatus> found = new CompletableFuture<>();
        JobHandle handle;
        try {
            handle = session.reconnectJob(jobId, null).get(STATUS_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            return JobStatus.of("not_found");
        }
        handle.updates().subscribe(new Flow.Subscriber<JobMessage>() {
            private boolean finished;
            private JobStatus last;

            @Override
            public void onSubscribe(Flow.Subscription s) {
                s.request(Long.MAX_VALUE);
            }

            @Override
            public void onNext(JobMessage m) {
                if (m instanceof JobResumed) {
                    finished = "finished".equals(((JobResumed) m).status());
                    if (!finished) {
                        found.complete(JobStatus.RUNNING);
                    }
                } else if (m instanceof JobUpdate) {
                    JobUpdate u = (JobUpdate) m;
                    last = u.status();
                    if (u.error() != null && u.error().endsWith(" not found")) {
                        found.complete(JobStatus.of("not_found"));
                    } else if (!finished || u.status().isTerminal()) {
                        found.complete(u.status());
                    }
                }
            }

            @Override
            public void onError(Throwable t) {
                end();
            }

            @Override
            public void onComplete() {
                end();
            }

            private void end() {
                found.complete(last != null ? last : JobStatus.UNKNOWN);
            }
        });
        try {
            return found.get(STATUS_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            return JobStatus.UNKNOWN;
        }
    }

    /**
     * Attaches to a job with {@code reconnect_job} from the start (no {@code last_seq}), so the server
     * replays what the job already sent and then streams it live (protocol-notes §9.1): the same output
     * as {@code run --stream}, for a job started elsewhere (another terminal's {@code run --ws}, a web
     * page, a service). A job the server does not know ends with {@code JobNotFoundException}.
     */
    private void watch(String jobId) throws Exception {
        try (JobSession session = client.connect()) {
            JobHandle job = session.reconnectJob(jobId, null).get();
            CompletableFuture<Void> streamed = new CompletableFuture<>();
            ProgressBar bar = new ProgressBar(err, interactive, jobId);
            job.updates().subscribe(new Printer(job, bar, streamed, true, false));
            try {
                RunResult result = job.result().get();
                streamed.handle((v, e) -> null).get(30, TimeUnit.SECONDS);
                printResult(result);
            } finally {
                bar.finish();
            }
        }
    }

    /** Uploads a file, streamed from disk by the SDK: a stored asset, or with --temporary temporary storage. */
    private void upload(String file) throws JsonProcessingException {
        Path path = Path.of(file);
        if (!Files.isRegularFile(path) || !Files.isReadable(path)) {
            throw new NodeToolCli.UsageException("cannot read the file '" + file + "'");
        }
        UploadOptions.Builder opts = UploadOptions.builder()
                .name(options.name != null ? options.name : path.getFileName().toString());
        if (options.contentType != null) {
            opts.contentType(options.contentType); // else the SDK guesses it from the name
        }
        if (options.parentId != null) {
            opts.parentId(options.parentId);
        }
        UploadedAsset asset = options.temporary
                ? client.assets().uploadTemporary(path, opts.build())
                : client.assets().upload(path, opts.build());
        err.println("Uploaded " + file + (asset.temporary() ? " to temporary storage." : "."));
        if (options.json) {
            out.println(Mappers.PRETTY.writeValueAsString(asset.raw()));
            return;
        }
        asset.assetId().ifPresent(id -> out.println("id:           " + id));
        asset.name().ifPresent(n -> out.println("name:         " + n));
        asset.contentType().ifPresent(t -> out.println("content type: " + t));
        asset.size().ifPresent(n -> out.println("size:         " + n + " bytes"));
        asset.uri().ifPresent(u -> out.println("uri:          " + u));
    }

    private void cancel(String jobId) throws Exception {
        try (JobSession session = client.connect()) {
            CommandReply reply = session.cancelJob(jobId).get();
            if (options.json) {
                out.println(Mappers.JSON.writeValueAsString(reply.raw()));
            } else {
                out.println(jobId + ": " + reply.message());
            }
        }
    }
}
