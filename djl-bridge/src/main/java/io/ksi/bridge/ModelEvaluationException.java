package io.ksi.bridge;

/** A model evaluation that failed or produced an unusable output (wrong shape, NaN/Inf); names the model and t. */
public class ModelEvaluationException extends RuntimeException {
    public ModelEvaluationException(String model, String t, String problem) {
        this(model, t, problem, null);
    }

    private final String problem;

    public ModelEvaluationException(String model, String t, String problem, Throwable cause) {
        super("model '" + model + "' at t=" + t + ": " + problem, cause);
        this.problem = problem;
    }

    /** What went wrong, without the model's name and time. */
    public String problem() {
        return problem;
    }
}
