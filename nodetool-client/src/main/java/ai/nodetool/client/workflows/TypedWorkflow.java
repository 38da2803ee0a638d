package ai.nodetool.client.workflows;

import ai.nodetool.client.messages.RunResult;
import java.util.Map;

/**
 * One workflow used through its interface: {@code client.workflow("id").run(new Inputs(...), Outputs.class)}.
 * Obtain it from {@code NodeToolClient.workflow(id)}. Thread-safe; the interface is fetched once.
 *
 * <p><b>Binding.</b> The inputs object is a record (its component names are the input names), a
 * {@code Map<String, ?>}, or a Jackson-serialisable bean. Before anything is sent it is checked against the
 * interface (the SDK v1 interface on current servers, the {@code input_schema} on legacy ones): a required
 * input that is missing, an input whose Java type does not fit the declared type, or an input the workflow
 * does not have, throws {@link ai.nodetool.client.errors.InvalidInputException} naming the input. Media
 * inputs take an {@link ai.nodetool.client.messages.AssetRef}, local ones included.
 *
 * <p>The outputs are the last value of each output, by name, converted with Jackson into the requested type
 * (a record whose component names are the output names, or a {@code Map}).
 */
public interface TypedWorkflow {
    /** @return the workflow id */
    String id();

    /** @return the interface the inputs are checked against (fetched once) */
    WorkflowInterface describe();

    /**
     * @param inputs a record, map or bean
     * @return the run params the inputs bind to
     * @throws ai.nodetool.client.errors.InvalidInputException when they do not fit the interface
     */
    Map<String, Object> bind(Object inputs);

    /**
     * Checks and runs (blocking, {@code WorkflowsService.run}).
     *
     * @param inputs a record, map or bean
     * @return the run's result
     */
    RunResult run(Object inputs);

    /**
     * Checks, runs and converts the outputs.
     *
     * @param inputs a record, map or bean
     * @param outputType a record (or bean, or {@code Map}) with one property per output name
     * @param <T> the output type
     * @return the outputs
     * @throws IllegalArgumentException when the outputs cannot be converted into {@code outputType}
     */
    <T> T run(Object inputs, Class<T> outputType);
}
