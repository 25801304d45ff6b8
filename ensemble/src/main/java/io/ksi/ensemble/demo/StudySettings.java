package io.ksi.ensemble.demo;

/**
 * Sizes of the weak-ensemble study.
 *
 * @param pairs        fitting pairs per time
 * @param fitSteps     K of the fitting and sampling grid
 * @param samples      generated samples per ensemble
 * @param oracleSteps  Heun steps of the oracle's likelihood ODE
 * @param probes       Hutchinson probes per evaluation
 * @param ensembleSizes P values of the sweep (1 means: every member alone)
 * @param subsets      random subsets per P (between 1 and the cohort size)
 * @param references   held-out target images for MMD and precision/recall
 * @param seed         pairs, subsets, sampling noise and probes
 */
public record StudySettings(int pairs, int fitSteps, int samples, int oracleSteps, int probes, int[] ensembleSizes,
                            int subsets, int references, long seed) {
    public static StudySettings full(long seed) {
        return new StudySettings(512, 20, 48, 12, 1, new int[] {1, 2, 4, 8, 12, 16, 20}, 3, 500, seed);
    }

    public static StudySettings quick(long seed) {
        return new StudySettings(160, 10, 24, 8, 1, new int[] {1, 5, 20}, 2, 200, seed);
    }
}
