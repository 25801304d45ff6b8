package io.ksi.app.demo;

import io.ksi.ensemble.sampling.Sampler;

/**
 * Sizes of the colour study.
 *
 * @param pairs fitting pairs per time, from the Noto training emoji
 * @param heldOutPairs validation pairs per time (training emoji kept out of the fit): each ensemble's ridge is the one
 *     of least held-out loss
 * @param fitSteps K of the fitting grid
 * @param sampler the sampler every set is drawn with ("optimal": the paper's optimal diffusion; "heun": the
 *     probability-flow ODE, two model calls per step)
 * @param sampleSteps K of the sampler (eta interpolated in t)
 * @param samples generated samples per set (the files: 256)
 * @param sweep ensemble sizes P: the first P Noto members
 * @param likelihoodSamples the first this many samples of the sweep, cross-vendor, oracle, real, best-member and best
 *     one-model-fit sets are scored by the oracle's likelihood (the paper's MNIST metric)
 * @param oracleSteps Heun steps of the oracle's likelihood ODE
 * @param bootstrap resamples of each sample set for the FID's error bar
 * @param seed pairs, sampling noise, probes and bootstrap
 */
public record EmojiSettings(
        int pairs,
        int heldOutPairs,
        int fitSteps,
        String sampler,
        int sampleSteps,
        int samples,
        int[] sweep,
        int likelihoodSamples,
        int oracleSteps,
        int bootstrap,
        long seed) {
    public EmojiSettings {
        Sampler.byName(sampler); // an unknown name fails here, before any model loads
        if (sampleSteps <= 0) {
            throw new IllegalArgumentException("the sampler needs at least one step; got " + sampleSteps);
        }
    }

    /** The same study drawn with another sampler. */
    public EmojiSettings withSampler(String name, int steps) {
        return new EmojiSettings(
                pairs,
                heldOutPairs,
                fitSteps,
                name,
                steps,
                samples,
                sweep,
                likelihoodSamples,
                oracleSteps,
                bootstrap,
                seed);
    }

    public static EmojiSettings full(long seed) {
        return new EmojiSettings(384, 128, 10, "optimal", 25, 256, new int[] {1, 5, 10, 25}, 32, 8, 50, seed);
    }

    public static EmojiSettings quick(long seed) {
        return new EmojiSettings(128, 64, 5, "optimal", 10, 64, new int[] {1, 5, 10, 25}, 8, 4, 20, seed);
    }
}
