/**
 * Discovery and preflight over the SDK v1 HTTP surface of current servers (protocol-notes §11): capabilities,
 * workflow summaries with paging, batched interfaces with per-id errors, the node-type inventory, preflight of
 * a run, and job records. Obtain {@link ai.nodetool.client.discovery.DiscoveryService} from
 * {@code NodeToolClient.discovery()} and {@link ai.nodetool.client.discovery.JobsService} from
 * {@code NodeToolClient.jobs()}. A server without a route answers with
 * {@link ai.nodetool.client.errors.UnsupportedByServerException}, never a raw 404. docs/discovery.md has examples.
 */
package ai.nodetool.client.discovery;
