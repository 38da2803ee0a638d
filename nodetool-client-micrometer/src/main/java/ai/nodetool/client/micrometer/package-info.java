/**
 * Micrometer metrics and Observations for the NodeTool client: {@link ai.nodetool.client.micrometer.NodeToolMetrics}
 * is a {@code NodeToolEventListener} that records timers for HTTP calls and runs, counters for retries, failures
 * and messages, and gauges for open sessions and active jobs. OpenTelemetry users get the same through Micrometer's
 * OpenTelemetry bridge. See docs/production.md, "Metrics".
 */
package ai.nodetool.client.micrometer;
