/**
 * Workflows over HTTP: the Editor API service ({@link ai.nodetool.client.workflows.WorkflowsService},
 * {@code client.workflows()}), the Worker API service
 * ({@link ai.nodetool.client.workflows.WorkerService}, {@code client.worker()}), the workflow model
 * (workflow, graph, node, edge, interface), listing parameters, pages and the auto-pager.
 */
package ai.nodetool.client.workflows;
