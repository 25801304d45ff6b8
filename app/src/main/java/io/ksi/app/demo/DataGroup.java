package io.ksi.app.demo;

/** Which drift a data-likelihood score ({@link WeakEnsembleStudy.DataScore}) is about. */
public enum DataGroup {
    /** One member of the raw cohort times its fitted eta(t). */
    ONE_MODEL_FIT(" one-model fit"),
    /** One member's own velocity. */
    AS_TRAINED(" as trained"),
    /** The ensemble of every member of the raw cohort. */
    ENSEMBLE(" ensemble of all");

    private final String suffix;

    DataGroup(String suffix) {
        this.suffix = suffix;
    }

    /** The label in reports, e.g. "digits-100 one-model fit, re-scored". */
    public String label(boolean rescored) {
        return WeakEnsembleStudy.RAW_COHORT + suffix + (rescored ? ", re-scored" : "");
    }
}
