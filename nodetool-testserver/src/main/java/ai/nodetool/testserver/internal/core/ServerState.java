package ai.nodetool.testserver.internal.core;

import ai.nodetool.testserver.internal.engine.WorkflowEngine;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.msgpack.jackson.dataformat.MessagePackMapper;

/**
 * Everything the protocol layers of one server share: settings, workflows, the engine, faults,
 * the recorder, codecs and a scheduler for timers (pings, stalls, grace periods).
 */
public final class ServerState implements AutoCloseable {
    private final ServerSettings settings;
    private final WorkflowStore store = new WorkflowStore();
    private final WorkflowEngine engine = new WorkflowEngine();
    private final FaultPlan faults = new FaultPlan();
    private final Recorder recorder = new Recorder();
    private final TempStorage tempStorage = new TempStorage();
    private final AssetStore assets;
    private final LiveRunners liveRunners = new LiveRunners();
    private final ObjectMapper json = new ObjectMapper();
    private final ObjectMapper msgpack = new MessagePackMapper();
    private final ScheduledThreadPoolExecutor scheduler;

    public ServerState(ServerSettings settings, String threadNamePrefix) {
        this(settings, threadNamePrefix, AssetStore.DEFAULT_MAX_UPLOAD_BYTES);
    }

    /** A state whose asset store accepts uploads up to {@code maxUploadBytes}. */
    public ServerState(ServerSettings settings, String threadNamePrefix, long maxUploadBytes) {
        this.settings = settings;
        this.assets = new AssetStore(maxUploadBytes);
        AtomicInteger n = new AtomicInteger();
        this.scheduler = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, threadNamePrefix + "timer-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        scheduler.setRemoveOnCancelPolicy(true);
        scheduler.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    }

    public ServerSettings settings() {
        return settings;
    }

    /** Everything that differs between the generations, for the one this server plays. */
    public Dialect dialect() {
        return settings.dialect();
    }

    public WorkflowStore store() {
        return store;
    }

    public WorkflowEngine engine() {
        return engine;
    }

    public FaultPlan faults() {
        return faults;
    }

    public Recorder recorder() {
        return recorder;
    }

    /** Gen C temp media storage, shared by the REST run and the WebSocket binary mode. */
    public TempStorage tempStorage() {
        return tempStorage;
    }

    /** Uploaded files and asset rows (protocol-notes §11.8, §11.9). */
    public AssetStore assets() {
        return assets;
    }

    /** Runner ids of the open {@code /ws} connections (protocol-notes §11.5). */
    public LiveRunners liveRunners() {
        return liveRunners;
    }

    /** Shared JSON mapper (thread-safe). */
    public ObjectMapper json() {
        return json;
    }

    /** Shared MessagePack mapper (thread-safe). */
    public ObjectMapper msgpack() {
        return msgpack;
    }

    public ScheduledExecutorService scheduler() {
        return scheduler;
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
        engine.close();
        assets.close();
        try {
            scheduler.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
