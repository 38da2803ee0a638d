/**
 * The implementation of {@link ai.nodetool.client.session.JobSession} over an OkHttp WebSocket:
 * per-job state, command encoding and the matching of untyped command replies.
 *
 * <p><b>Internal: not part of the API.</b> Nothing here is covered by compatibility promises; it may
 * change or disappear in any release without notice. Do not use it from outside this module.
 */
package ai.nodetool.client.internal.session;
