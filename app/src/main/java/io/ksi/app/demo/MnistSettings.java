package io.ksi.app.demo;

/**
 * Sizes of the real-data demo.
 *
 * @param pairs fitting pairs per time, from the MNIST train split
 * @param heldOutPairs validation pairs per time (train digits kept out of the fit): each ensemble's ridge is the one of
 *     least held-out loss
 * @param fitSteps K of the fitting grid
 * @param sampleSteps K of the optimal-diffusion sampler (eta interpolated in t)
 * @param samples generated samples per set (the files: 256)
 * @param sweep ensemble sizes P of the 100-step cohort; its first P members (fixed subsets)
 * @param sweep50 ensemble sizes P of the 50-step cohort, whose role is its P20 against the 100-step cohort's: fewer
 *     points, each as many model calls as the 100-step cohort's
 * @param screenSamples samples of each of the 20 one-model fits when choosing the best by FID (the chosen one is drawn
 *     again from fresh noise at {@code samples}, so the screen's size biases no published number)
 * @param likelihoodSamples the first this many samples of each sweep point are scored by the oracle's likelihood
 * @param oracleSteps Heun steps of the oracle's likelihood ODE
 * @param bootstrap resamples of each sample set for the FID's error bar
 * @param seed pairs, sampling noise, probes and bootstrap
 */
public record MnistSettings(
        int pairs,
        int heldOutPairs,
        int fitSteps,
        int sampleSteps,
        int samples,
        int[] sweep,
        int[] sweep50,
        int screenSamples,
        int likelihoodSamples,
        int oracleSteps,
        int bootstrap,
        long seed) {
    public static MnistSettings full(long seed) {
        return new MnistSettings(
                512, 256, 20, 40, 256, new int[] {1, 2, 4, 8, 12, 20}, new int[] {1, 4, 20}, 64, 64, 10, 50, seed);
    }

    public static MnistSettings quick(long seed) {
        return new MnistSettings(
                256, 128, 12, 30, 128, new int[] {1, 4, 20}, new int[] {1, 4, 20}, 64, 32, 8, 20, seed);
    }
}
