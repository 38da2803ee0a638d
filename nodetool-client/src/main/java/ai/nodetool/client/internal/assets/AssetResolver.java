package ai.nodetool.client.internal.assets;

import ai.nodetool.client.internal.discovery.ServerProbe;
import ai.nodetool.client.internal.discovery.ServerProbe.MediaInputForm;
import ai.nodetool.client.messages.AssetRef;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * Replaces the local {@link AssetRef}s ({@link AssetRef#of(java.nio.file.Path)}, {@link AssetRef#of(byte[],
 * String)}) found anywhere in a run's params (nested maps and lists included) with references the server
 * can read, in the form {@link ServerProbe#mediaInputForm()} picks. Every run path calls it before it
 * encodes the request: blocking and streamed HTTP runs, worker runs, and {@code JobSession.runJob}.
 */
public final class AssetResolver {
    /**
     * The largest local asset sent inline: the {@code data:} URI is part of the request, so it is built in
     * memory (base64, a third larger than the content).
     */
    public static final long MAX_INLINE_BYTES = 32L * 1024 * 1024;

    private final DefaultAssetsService assets;
    private final ServerProbe probe;

    /**
     * @param assets uploads
     * @param probe tells which form the server takes
     */
    public AssetResolver(DefaultAssetsService assets, ServerProbe probe) {
        this.assets = assets;
        this.probe = probe;
    }

    /**
     * @param value params or any value within them
     * @return true when a local asset occurs in it
     */
    public static boolean containsLocal(Object value) {
        if (value instanceof AssetRef) {
            return ((AssetRef) value).isLocal();
        }
        if (value instanceof Map) {
            for (Object v : ((Map<?, ?>) value).values()) {
                if (containsLocal(v)) {
                    return true;
                }
            }
        } else if (value instanceof Collection) {
            for (Object v : (Collection<?>) value) {
                if (containsLocal(v)) {
                    return true;
                }
            }
        } else if (value instanceof Object[]) {
            for (Object v : (Object[]) value) {
                if (containsLocal(v)) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * @param params a run's params, may be null
     * @return {@code params} itself when it holds no local asset, else a copy with each one replaced (the same
     *     local reference used twice is uploaded once)
     */
    @SuppressWarnings("unchecked")
    public <M extends Map<String, ?>> Map<String, Object> resolve(M params) {
        if (params == null || !containsLocal(params)) {
            return (Map<String, Object>) params;
        }
        return (Map<String, Object>) walk(params, new IdentityHashMap<>());
    }

    /**
     * {@link #resolve(Map)} off the caller's thread when there is anything to upload.
     *
     * @param params a run's params
     * @param executor where uploads run
     * @return the resolved params
     */
    public CompletableFuture<Map<String, Object>> resolveAsync(Map<String, ?> params, Executor executor) {
        if (params == null || !containsLocal(params)) {
            @SuppressWarnings("unchecked")
            Map<String, Object> same = (Map<String, Object>) params;
            return CompletableFuture.completedFuture(same);
        }
        return CompletableFuture.supplyAsync(() -> resolve(params), executor);
    }

    /**
     * Inlines every local asset: the Worker API (protocol-notes §5.4) belongs to legacy servers only, which
     * have no upload route an SDK can use without knowing the user's folder.
     *
     * @param params a run's params, may be null
     * @return {@code params} itself when it holds no local asset, else a copy with each one inlined
     */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> inlineAll(Map<String, ?> params) {
        if (params == null || !containsLocal(params)) {
            return (Map<String, Object>) params;
        }
        return (Map<String, Object>) walk(params, new IdentityHashMap<>(), AssetResolver::inline);
    }

    private Object walk(Object value, Map<AssetRef, AssetRef> done) {
        return walk(value, done, this::resolveOne);
    }

    private static Object walk(
            Object value, Map<AssetRef, AssetRef> done, java.util.function.Function<AssetRef, AssetRef> resolver) {
        if (value instanceof AssetRef) {
            AssetRef ref = (AssetRef) value;
            return ref.isLocal() ? done.computeIfAbsent(ref, resolver) : ref;
        }
        if (value instanceof Map) {
            Map<Object, Object> out = new LinkedHashMap<>();
            ((Map<?, ?>) value).forEach((k, v) -> out.put(k, walk(v, done, resolver)));
            return out;
        }
        if (value instanceof Collection || value instanceof Object[]) {
            Iterable<?> items = value instanceof Object[] ? List.of((Object[]) value) : (Collection<?>) value;
            List<Object> out = new ArrayList<>();
            items.forEach(v -> out.add(walk(v, done, resolver)));
            return out;
        }
        return value;
    }

    private AssetRef resolveOne(AssetRef local) {
        MediaInputForm form = probe.mediaInputForm();
        switch (form) {
            case TEMPORARY_UPLOAD:
                return assets.upload(local, true).toRef();
            case ASSET_UPLOAD:
                return assets.upload(local, false).toRef();
            default:
                return inline(local);
        }
    }

    /** {@code {"type","uri":"data:<mime>;base64,…"}}: the inline form every generation reads (protocol-notes §10.1). */
    static AssetRef inline(AssetRef local) {
        byte[] content;
        if (local.localFile().isPresent()) {
            try {
                long size = Files.size(local.localFile().get());
                if (size > MAX_INLINE_BYTES) {
                    throw new IllegalArgumentException(
                            "the local asset " + local.localFile().get() + " has " + size
                                    + " bytes; this server takes media only inline in the run request (it has no SDK v1"
                                    + " upload routes), and the SDK inlines at most " + MAX_INLINE_BYTES + " bytes");
                }
                content = Files.readAllBytes(local.localFile().get());
            } catch (IOException e) {
                throw new UncheckedIOException(
                        "cannot read " + local.localFile().get() + ": " + e.getMessage(), e);
            }
        } else {
            content = local.bytes().orElseThrow();
            if (content.length > MAX_INLINE_BYTES) {
                throw new IllegalArgumentException("the local asset has " + content.length
                        + " bytes; this server takes media only inline, and the SDK inlines at most "
                        + MAX_INLINE_BYTES + " bytes");
            }
        }
        ObjectNode ref = JsonNodeFactory.instance.objectNode();
        ref.put("type", local.type());
        ref.put(
                "uri",
                "data:" + local.mimeType().orElse("application/octet-stream") + ";base64,"
                        + Base64.getEncoder().encodeToString(content));
        return AssetRef.of(ref);
    }
}
