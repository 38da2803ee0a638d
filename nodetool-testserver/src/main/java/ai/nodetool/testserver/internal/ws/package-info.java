/**
 * The WebSocket endpoint of both server generations: sessions, command handling, job frames with
 * replay, media encoding and the MessagePack/JSON wire codec.
 *
 * <p><b>Internal: not part of the API.</b> Nothing here is covered by compatibility promises; it may
 * change or disappear in any release without notice. Do not use it from outside this module.
 */
package ai.nodetool.testserver.internal.ws;
