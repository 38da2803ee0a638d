/**
 * JMH benchmarks of the NodeTool SDK. Every benchmark class measures the SDK and its baseline in the
 * same run so the reported figure is a ratio, not an absolute time on a noisy machine.
 */
package ai.nodetool.benchmarks;
