package io.ksi.app.demo;

/**
 * What a scored sample set of the demo is: an ensemble of one cohort, a member as trained, a re-score of the best
 * member, a reference, or a cross-domain composition. Results are looked up by these constants, never by their labels;
 * the labels are what report.md and results.json show.
 */
public enum Group {
    /** An ensemble of P members of one cohort, each subset with its own best ridge (P = 1: a one-model fit). */
    COHORT("{cohort}"),
    /** One member of {@link WeakEnsembleStudy#RAW_COHORT} sampled with its own velocity (eta = 1, no fit). */
    AS_TRAINED("{cohort} as trained"),
    /** The one-model fit of highest likelihood in a cohort, scored again on fresh samples and probes. */
    BEST_MEMBER_RESCORED("{cohort} best member, re-scored"),
    /** The member as trained of highest likelihood, scored again on fresh samples and probes. */
    BEST_AS_TRAINED_RESCORED("{cohort} as trained, best, re-scored"),
    DATA("reference: held-out digits"),
    BLANK("reference: blank images (background only)"),
    FAINT("reference: held-out digits at half contrast"),
    ORACLE_SAMPLES("reference: the oracle's own samples"),
    /**
     * A probe of what MMD² rewards: the KSI whose only features are x and the mean digit, fitted on the same pairs. Its
     * drift is affine, so it samples an isotropic Gaussian around the mean digit: no strokes at all.
     */
    GAUSSIAN("reference: isotropic Gaussian (features x and the mean digit)"),
    TARGET_ONLY("target-only (10 digit models)"),
    OTHER_DOMAINS_ONLY("other domains only (30 models)"),
    CROSS_DOMAIN("cross-domain (10 digit + 30 other)");

    private static final String REFERENCE = "reference: ";
    private final String label;

    Group(String label) {
        this.label = label;
    }

    /** The label in reports; {@code cohort} fills it for the per-cohort groups and is ignored by the others. */
    public String label(String cohort) {
        return label.replace("{cohort}", cohort == null ? "" : cohort);
    }

    public boolean isReference() {
        return label.startsWith(REFERENCE);
    }

    /** A reference's label without "reference: ". */
    public String referenceName() {
        return isReference() ? label.substring(REFERENCE.length()) : label;
    }
}
