/**
 * The NodeTool client SDK: {@link ai.nodetool.client.NodeToolClient}, the entry point with its
 * builder and options, and the exception hierarchy rooted at
 * {@link ai.nodetool.client.NodeToolException}. Resources hang off the client:
 * {@code workflows()} and {@code worker()} ({@link ai.nodetool.client.workflows}), streamed runs
 * ({@link ai.nodetool.client.streaming}), WebSocket job sessions ({@link ai.nodetool.client.session})
 * and the message model ({@link ai.nodetool.client.messages}). See docs/getting-started.md.
 */
package ai.nodetool.client;
