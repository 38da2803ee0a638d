/**
 * Turns wire trees (JSON or MessagePack) into the typed messages of
 * {@link ai.nodetool.client.messages} and plain Java values; shared by every transport.
 *
 * <p><b>Internal: not part of the API.</b> Nothing here is covered by compatibility promises; it may
 * change or disappear in any release without notice. Do not use it from outside this module.
 */
package ai.nodetool.client.internal.codec;
