/**
 * The implementations of {@link ai.nodetool.client.workflows.WorkflowsService} and
 * {@link ai.nodetool.client.workflows.WorkerService} over HTTP, listing-page parsing and the rule
 * that turns a finished job into a result or an exception.
 *
 * <p><b>Internal: not part of the API.</b> Nothing here is covered by compatibility promises; it may
 * change or disappear in any release without notice. Do not use it from outside this module.
 */
package ai.nodetool.client.internal.workflows;
