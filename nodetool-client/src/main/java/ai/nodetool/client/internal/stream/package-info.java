/**
 * HTTP streamed runs behind {@link ai.nodetool.client.streaming.JobStream}: its implementation
 * {@link ai.nodetool.client.internal.stream.DefaultJobStream}, the opener that makes
 * the call and picks the decoder (NDJSON, SSE, or Gen C's single JSON answer), and the
 * {@link ai.nodetool.client.internal.stream.RunTracker} that decides what ends a stream and builds
 * its result.
 *
 * <p><b>Internal: not part of the API.</b> Nothing here is covered by compatibility promises; it may
 * change or disappear in any release without notice. Do not use it from outside this module.
 */
package ai.nodetool.client.internal.stream;
