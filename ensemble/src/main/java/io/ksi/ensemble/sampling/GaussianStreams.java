package io.ksi.ensemble.sampling;

import java.util.SplittableRandom;

/**
 * Independent standard-normal streams, one per sample index, derived from one user seed: sample i gets the same numbers
 * whatever the batch size, batch order or device.
 */
public final class GaussianStreams {
    private GaussianStreams() {}

    public static SplittableRandom stream(long seed, long index) {
        return new SplittableRandom(mix(seed * 0x9E3779B97F4A7C15L + mix(index + 0x632BE59BD9B4E019L)));
    }

    /** Fills {@code out[offset .. offset+count)} with the next draws of {@code r}. */
    public static void fill(SplittableRandom r, float[] out, int offset, int count) {
        for (int i = 0; i < count; i++) {
            out[offset + i] = (float) r.nextGaussian();
        }
    }

    /** SplitMix64's finalizer: a bijective mixer, so distinct counters give independent-looking seeds. */
    public static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
