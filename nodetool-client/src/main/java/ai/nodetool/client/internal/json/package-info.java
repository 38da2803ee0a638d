/**
 * The SDK's shared Jackson mappers (JSON and MessagePack) and tree helpers. It imports nothing of the
 * SDK, so the public model packages and the codec can both use it without an import circle.
 *
 * <p><b>Internal: not part of the API.</b> Nothing here is covered by compatibility promises; it may
 * change or disappear in any release without notice. Do not use it from outside this module.
 */
package ai.nodetool.client.internal.json;
