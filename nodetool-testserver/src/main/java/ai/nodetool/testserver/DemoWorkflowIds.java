package ai.nodetool.testserver;

import ai.nodetool.testserver.internal.engine.DemoWorkflows;

/**
 * Stable ids of the demo workflows every test server preloads (unless
 * {@link NodeToolTestServer.Builder#demoWorkflows(boolean)} is false). Inputs are set through
 * {@code params} by the names given here; outputs are named as given.
 */
public final class DemoWorkflowIds {
    /** {@code name} (string, default "World") → output {@code greeting} = "Hello, &lt;name&gt;!". */
    public static final String GREETING = DemoWorkflows.GREETING;
    /** {@code a}, {@code b} (integers) → output {@code sum}. */
    public static final String SUM = DemoWorkflows.SUM;
    /** {@code width}, {@code height} (integers, default 64) → output {@code image}: a PNG image asset. */
    public static final String IMAGE = DemoWorkflows.IMAGE;
    /** {@code steps} (default 5), {@code delay_ms} (default 100) → {@code node_progress} per step, output {@code result}. */
    public static final String SLOW = DemoWorkflows.SLOW;
    /** {@code text} → one {@code chunk} per word and appended {@code output_update}s, output {@code text}. */
    public static final String TEXT_STREAM = DemoWorkflows.TEXT_STREAM;
    /** A node that always fails: the run ends {@code failed} with "Something went wrong". */
    public static final String FAIL = DemoWorkflows.FAIL;

    /**
     * {@code image}, an image reference → output {@code image}: the same PNG with every colour inverted. The
     * input is an asset reference: inline {@code data} (both generations), or on the current generation a
     * {@code uri}/{@code asset_id} of an upload ({@code /api/sdk/v1/assets/temporary} or {@code /api/assets}).
     */
    public static final String IMAGE_INVERT = DemoWorkflows.IMAGE_INVERT;
    /** {@code audio}, a WAV reference (inline or uploaded, as for {@link #IMAGE_INVERT}) → output {@code duration} in seconds. */
    public static final String AUDIO_DURATION = DemoWorkflows.AUDIO_DURATION;

    private DemoWorkflowIds() {}
}
