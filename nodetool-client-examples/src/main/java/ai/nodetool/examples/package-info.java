/**
 * Runnable example programs and the demo for the NodeTool Java SDK. Each runs against the
 * embedded test server unless {@code NODETOOL_API_URL} is set. Examples, not API. See docs/examples.md.
 */
package ai.nodetool.examples;
