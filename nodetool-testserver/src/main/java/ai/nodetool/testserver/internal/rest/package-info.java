/**
 * The REST routes of both server generations: the Editor API, the Worker API, health routes, and the
 * NDJSON and SSE run streams with their fault injection.
 *
 * <p><b>Internal: not part of the API.</b> Nothing here is covered by compatibility promises; it may
 * change or disappear in any release without notice. Do not use it from outside this module.
 */
package ai.nodetool.testserver.internal.rest;
