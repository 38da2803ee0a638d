/**
 * The NodeTool test server: {@link ai.nodetool.testserver.NodeToolTestServer}, an in-process (or
 * standalone, {@link ai.nodetool.testserver.Main}) fake NodeTool server on a loopback port that
 * plays either server {@link ai.nodetool.testserver.Generation}, runs small workflow graphs, injects
 * {@link ai.nodetool.testserver.Faults} and records what it received. See docs/testing.md.
 */
package ai.nodetool.testserver;
