package io.ksi.ensemble.metrics;

import java.util.Arrays;

/**
 * Whether a sample lies where the reference data lie in a classifier's feature space: its distance to the nearest
 * reference feature is within what reference images themselves show (the given quantile of each reference image's
 * distance to its nearest other one). A classifier is confident far from its training data too (uniform noise is "an 8"
 * at 0.998); this is the check that keeps such samples out of a recognized share.
 */
public final class InDistribution {
    private final float[][] reference;
    private final double radius;

    /**
     * @param referenceFeatures the reference images' features (at least 2)
     * @param quantile of the reference's leave-one-out nearest-neighbour distances, such as 0.99
     */
    public InDistribution(float[][] referenceFeatures, double quantile) {
        if (referenceFeatures.length < 2) {
            throw new IllegalArgumentException("need at least 2 reference images, got " + referenceFeatures.length);
        }
        if (!(quantile > 0 && quantile <= 1)) {
            throw new IllegalArgumentException("quantile must be in (0, 1], got " + quantile);
        }
        this.reference = referenceFeatures;
        double[] d = new double[referenceFeatures.length];
        for (int i = 0; i < d.length; i++) {
            d[i] = nearest(referenceFeatures[i], i);
        }
        Arrays.sort(d);
        radius = d[Math.min(d.length - 1, (int) Math.ceil(quantile * d.length) - 1)];
    }

    /** The distance within which a sample's nearest reference feature must lie. */
    public double radius() {
        return radius;
    }

    /** Per sample, whether its nearest reference feature is within {@link #radius()}. */
    public boolean[] test(float[][] features) {
        boolean[] in = new boolean[features.length];
        for (int i = 0; i < in.length; i++) {
            in[i] = nearest(features[i], -1) <= radius;
        }
        return in;
    }

    /** The share of samples that are in distribution and whose top class has probability above {@code confidence}. */
    public static double recognized(float[][] probabilities, boolean[] inDistribution, double confidence) {
        int n = 0;
        for (int i = 0; i < probabilities.length; i++) {
            float top = 0;
            for (float p : probabilities[i]) {
                top = Math.max(top, p);
            }
            n += inDistribution[i] && top > confidence ? 1 : 0;
        }
        return (double) n / probabilities.length;
    }

    private double nearest(float[] x, int skip) {
        double best = Double.POSITIVE_INFINITY;
        for (int j = 0; j < reference.length; j++) {
            if (j == skip) {
                continue;
            }
            double s = 0;
            for (int k = 0; k < x.length && s < best; k++) {
                double e = x[k] - reference[j][k];
                s += e * e;
            }
            best = Math.min(best, s);
        }
        return Math.sqrt(best);
    }
}
