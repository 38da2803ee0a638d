/**
 * Internal: streamed upload bodies, streamed downloads, and the resolution of local assets in run params.
 * May change without notice; not part of the API.
 */
package ai.nodetool.client.internal.assets;
