/**
 * Observability plumbing: the guard that keeps a throwing {@code NodeToolEventListener} from breaking a run, the
 * per-run observer that the transports call, the low-cardinality route of a URL, and the redacting wire log.
 *
 * <p><b>Internal: not part of the API.</b> Nothing here is covered by compatibility promises; it may
 * change or disappear in any release without notice. Do not use it from outside this module.
 */
package ai.nodetool.client.internal.events;
