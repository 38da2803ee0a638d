/**
 * The messages a run produces and the values they carry: the sealed
 * {@link ai.nodetool.client.messages.JobMessage} with one record per message type (and
 * {@link ai.nodetool.client.messages.UnknownMessage} for the rest), the normalised
 * {@link ai.nodetool.client.messages.RunResult}, job status and command replies, and the
 * {@link ai.nodetool.client.messages.AssetRef} view of media values. Every message keeps its raw
 * payload.
 */
package ai.nodetool.client.messages;
