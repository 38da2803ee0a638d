/**
 * The {@code nodetool} command-line tool built on the SDK. Example code, not API. See docs/cli.md.
 */
package ai.nodetool.examples.cli;
