/**
 * The NodeTool client SDK: {@link ai.nodetool.client.NodeToolClient}, the entry point with its
 * builder. Its settings are {@link ai.nodetool.client.core.ClientOptions}, and every exception it throws
 * is in {@link ai.nodetool.client.errors}, rooted at
 * {@link ai.nodetool.client.errors.NodeToolException}. Resources hang off the client:
 * {@code workflows()} and {@code worker()} ({@link ai.nodetool.client.workflows}), streamed runs
 * ({@link ai.nodetool.client.streaming}), WebSocket job sessions ({@link ai.nodetool.client.session})
 * and the message model ({@link ai.nodetool.client.messages}). See docs/getting-started.md.
 */
package ai.nodetool.client;
