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
    private final ObjectMapper json = new ObjectMapper();
    private final ObjectMapper msgpack = new MessagePackMapper();
    private final ScheduledThreadPoolExecutor scheduler;

    public ServerState(ServerSettings settings, String threadNamePrefix) {
        this.settings = settings;
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
        try {
            scheduler.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
