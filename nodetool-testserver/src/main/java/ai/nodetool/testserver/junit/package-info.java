/**
 * The JUnit 5 extension that hands each test class a started
 * {@link ai.nodetool.testserver.NodeToolTestServer}. Needs junit-jupiter-api on the class path
 * (an optional dependency of this module).
 */
package ai.nodetool.testserver.junit;
