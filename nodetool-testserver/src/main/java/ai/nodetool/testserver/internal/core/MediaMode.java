package ai.nodetool.testserver.internal.core;

/** How media values travel in the job frames of one WebSocket. */
public enum MediaMode {
    /** Bytes stay in {@code data} as MessagePack {@code bin}. */
    RAW,
    /** {@code uri} = {@code data:<mime>;base64,...}, {@code data} null. */
    DATA_URI,
    /** {@code uri} = {@code http://<host>/api/storage/temp/<file>}, {@code data} null. */
    TEMP_URL
}
