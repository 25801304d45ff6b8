package io.ksi.ensemble;

import io.ksi.bridge.Progress;
import io.ksi.bridge.Workers;
import io.ksi.ensemble.feature.FeatureFields;
import io.ksi.ensemble.feature.FeatureMap;
import io.ksi.ensemble.interpolant.Schedule;

/**
 * Everything a fit is, given its features: the interpolant, the fitting times, the training and held-out pairs, the
 * batch of pairs per model call, how the ridge is chosen, whether features are rescaled, and how to run it (progress,
 * times on two workers). Built with {@link #builder}; {@link Fitter#fit} carries it out, locally or on a cluster.
 *
 * @param heldOut held-out pairs, or null: the held-out loss diagnoses the fit and picks {@link RidgeRule.Auto}
 * @param batchSize pairs per model evaluation
 * @param scaleFeatures solve with every feature scaled to unit mean-square gradient (Jacobi), so that the ridge weighs
 *     all features alike: for feature families whose gradients differ by orders of magnitude
 * @param parallelTimes fit the times on {@link Workers#split()} (two threads, half the intra-op threads each: faster
 *     for small models on CPU). Every field must then be safe to call from two threads, as ksi's own fields and models
 *     loaded by {@code ModelLoader} are. Ignored where {@link FeatureFields#workers} gives one worker: a GPU, an ONNX
 *     model, or a coefficient of a {@link FeatureMap} (its Jacobian needs autograd, which DJL allows on one thread at a
 *     time). The numbers do not change: each time's system is accumulated alone, in the same order.
 */
public record FitPlan(
        Schedule schedule,
        double[] times,
        PairSource train,
        PairSource heldOut,
        int batchSize,
        RidgeRule ridge,
        boolean scaleFeatures,
        boolean parallelTimes,
        Progress progress) {
    public FitPlan {
        if (times.length == 0) {
            throw new IllegalArgumentException("a fit needs at least one time");
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("the batch of pairs must be at least 1, got " + batchSize);
        }
        if (ridge instanceof RidgeRule.Auto && heldOut == null) {
            throw new IllegalArgumentException("--ridge auto chooses by held-out loss: give --heldout > 0");
        }
        times = times.clone();
    }

    @Override
    public double[] times() {
        return times.clone();
    }

    public static Builder builder(Schedule schedule, double[] times, PairSource train) {
        return new Builder(schedule, times, train);
    }

    /** The plan with defaults: no held-out pairs, 256 pairs per call, ridge 1e-6, plain features, one worker. */
    public static final class Builder {
        private final Schedule schedule;
        private final double[] times;
        private final PairSource train;
        private PairSource heldOut;
        private int batchSize = 256;
        private RidgeRule ridge = RidgeRule.fixed(1e-6);
        private boolean scaleFeatures;
        private boolean parallelTimes;
        private Progress progress = Progress.NONE;

        private Builder(Schedule schedule, double[] times, PairSource train) {
            this.schedule = schedule;
            this.times = times;
            this.train = train;
        }

        public Builder heldOut(PairSource pairs) {
            heldOut = pairs;
            return this;
        }

        public Builder batchSize(int pairs) {
            batchSize = pairs;
            return this;
        }

        public Builder ridge(RidgeRule rule) {
            ridge = rule;
            return this;
        }

        public Builder ridge(double relative) {
            return ridge(RidgeRule.fixed(relative));
        }

        public Builder scaleFeatures(boolean on) {
            scaleFeatures = on;
            return this;
        }

        public Builder parallelTimes(boolean on) {
            parallelTimes = on;
            return this;
        }

        public Builder progress(Progress p) {
            progress = p;
            return this;
        }

        public FitPlan build() {
            return new FitPlan(
                    schedule, times, train, heldOut, batchSize, ridge, scaleFeatures, parallelTimes, progress);
        }
    }
}
