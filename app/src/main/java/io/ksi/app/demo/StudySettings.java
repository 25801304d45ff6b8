package io.ksi.app.demo;

/**
 * Sizes of the weak-ensemble study.
 *
 * @param pairs fitting pairs per time
 * @param heldOutPairs validation pairs per time: each ensemble's ridge is the one of least held-out loss
 * @param fitSteps K of the fitting grid
 * @param sampleSteps K of the sampling grid (eta interpolated in t)
 * @param samples generated samples per ensemble
 * @param oracleSteps Heun steps of the oracle's likelihood ODE
 * @param probes Hutchinson probes per evaluation
 * @param likelihoodStart the oracle scores samples smoothed to this time (see OracleLikelihood#evaluate)
 * @param ensembleSizes P values of the sweep (1 means: every member alone)
 * @param subsets random subsets per P (between 1 and the cohort size)
 * @param references held-out target images for MMD and precision/recall
 * @param seed pairs, subsets, sampling noise and probes
 * @param dataLikelihood also score held-out digits under each drift's own probability flow (members of the raw cohort
 *     alone and their ensemble; about a minute on 2 cores, so off in the quick setting)
 */
public record StudySettings(
        int pairs,
        int heldOutPairs,
        int fitSteps,
        int sampleSteps,
        int samples,
        int oracleSteps,
        int probes,
        double likelihoodStart,
        int[] ensembleSizes,
        int subsets,
        int references,
        long seed,
        boolean dataLikelihood) {
    public static StudySettings full(long seed) {
        return new StudySettings(
                512, 256, 20, 40, 48, 10, 1, 0.9, new int[] {1, 2, 4, 8, 12, 16, 20}, 3, 500, seed, true);
    }

    public static StudySettings quick(long seed) {
        return new StudySettings(256, 128, 12, 30, 32, 8, 1, 0.9, new int[] {1, 5, 20}, 2, 200, seed, false);
    }

    public StudySettings withDataLikelihood(boolean on) {
        return new StudySettings(
                pairs,
                heldOutPairs,
                fitSteps,
                sampleSteps,
                samples,
                oracleSteps,
                probes,
                likelihoodStart,
                ensembleSizes,
                subsets,
                references,
                seed,
                on);
    }
}
