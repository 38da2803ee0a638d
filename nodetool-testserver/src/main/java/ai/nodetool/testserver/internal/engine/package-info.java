/**
 * The protocol-neutral workflow engine: parses and validates graphs, executes the supported node
 * types and emits node-level messages; also the demo workflows and schema derivation.
 *
 * <p><b>Internal: not part of the API.</b> Nothing here is covered by compatibility promises; it may
 * change or disappear in any release without notice. Do not use it from outside this module.
 */
package ai.nodetool.testserver.internal.engine;
