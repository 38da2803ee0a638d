package ai.nodetool.client.errors;

/**
 * A run's inputs do not fit the workflow's interface: a required input is missing, an input has the wrong
 * type, or an input is unknown. Thrown before anything is sent.
 */
public class InvalidInputException extends NodeToolException {
    private static final long serialVersionUID = 1L;

    private final String workflowId;
    private final String inputName;

    /**
     * @param workflowId the workflow
     * @param inputName the input at fault
     * @param message what is wrong, naming the input
     */
    public InvalidInputException(String workflowId, String inputName, String message) {
        super(message);
        this.workflowId = workflowId;
        this.inputName = inputName;
    }

    /** @return the workflow */
    public String workflowId() {
        return workflowId;
    }

    /** @return the input at fault */
    public String inputName() {
        return inputName;
    }
}
