/**
 * The client's settings and the small types they are made of: {@link ai.nodetool.client.core.ClientOptions}
 * (one immutable object holding every option of a {@code NodeToolClient}) and
 * {@link ai.nodetool.client.core.Sleeper} (how the client waits between retries).
 *
 * <p>This package sits below everything else in the SDK: it imports nothing of the SDK, so both the
 * public entry point and the internal HTTP layer can depend on it without depending on each other.
 */
package ai.nodetool.client.core;
