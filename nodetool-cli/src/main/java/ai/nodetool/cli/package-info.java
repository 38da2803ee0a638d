/**
 * The {@code nodetool} command-line tool built on the SDK: {@link ai.nodetool.cli.NodeToolCli} is its
 * entry point. The command line, its output and exit codes are the interface (docs/cli.md); the classes
 * are not a library API.
 */
package ai.nodetool.cli;
