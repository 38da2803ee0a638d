/**
 * Every exception the SDK throws. All are unchecked and extend
 * {@link ai.nodetool.client.errors.NodeToolException}: HTTP status classes under
 * {@link ai.nodetool.client.errors.NodeToolHttpException}, network failures and timeouts under
 * {@link ai.nodetool.client.errors.NodeToolIOException}, unusable server data as
 * {@link ai.nodetool.client.errors.NodeToolProtocolException}, and the outcomes of jobs and sessions
 * ({@link ai.nodetool.client.errors.JobFailedException}, {@link ai.nodetool.client.errors.JobCancelledException},
 * {@link ai.nodetool.client.errors.CommandRejectedException}, {@link ai.nodetool.client.errors.SessionClosedException},
 * {@link ai.nodetool.client.errors.StreamOverflowException}). docs/errors.md shows the tree and when each is thrown.
 *
 * <p>The package depends only on {@code ai.nodetool.client.messages} (a failed or cancelled job carries its
 * {@code RunResult}).
 */
package ai.nodetool.client.errors;
