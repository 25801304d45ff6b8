package io.ksi.ensemble;

import io.ksi.bridge.Progress;
import io.ksi.bridge.Workers;
import io.ksi.ensemble.feature.FeatureFields;
import io.ksi.ensemble.feature.FeatureMap;
import io.ksi.ensemble.interpolant.Schedule;
import java.util.Arrays;
import java.util.stream.IntStream;

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
 * @param screen null, or the members to evaluate at each time, chosen by a cheaper fit ({@link Fitter#screened}): the
 *     systems then hold zeros in the rows and columns of the others
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
        Progress progress,
        Screen screen) {
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
        if (screen != null && screen.active.length != times.length) {
            throw new IllegalArgumentException(
                    "a screen with active sets for " + screen.active.length + " times, the plan has " + times.length);
        }
    }

    /**
     * How a screened fit chose its members: a fit of every member on {@code pairs} (+ {@code heldOutPairs}) pairs at
     * every {@code every}-th fitting time (and the last), its systems re-solved as top:K; {@code active} holds, per
     * fitting time, the K members then evaluated on the full pairs (ascending indices into the fields): a time between
     * screened ones takes the nearest one's set.
     */
    public record Screen(int pairs, int heldOutPairs, int every, int[][] active) {
        public Screen {
            if (every < 1) {
                throw new IllegalArgumentException("a screen fits every N-th time, N >= 1, got " + every);
            }
            active = Arrays.stream(active).map(int[]::clone).toArray(int[][]::new);
            for (int[] a : active) {
                if (a.length == 0 || !IntStream.range(1, a.length).allMatch(i -> a[i] > a[i - 1])) {
                    throw new IllegalArgumentException(
                            "an active set must be non-empty and ascending, got " + Arrays.toString(a));
                }
            }
        }

        /** The most members active at one time: the K of top:K. */
        public int k() {
            return Arrays.stream(active).mapToInt(a -> a.length).max().orElse(0);
        }

        @Override
        public int[][] active() {
            return Arrays.stream(active).map(int[]::clone).toArray(int[][]::new);
        }
    }

    /** The same plan on other pairs and times (a screening fit's fewer ones), evaluating every member. */
    FitPlan onPairs(PairSource newTrain, PairSource newHeldOut, double[] newTimes) {
        return new FitPlan(
                schedule,
                newTimes,
                newTrain,
                newHeldOut,
                batchSize,
                ridge,
                scaleFeatures,
                parallelTimes,
                progress,
                null);
    }

    /** The same plan evaluating only the screen's members at each time. */
    FitPlan screened(Screen s) {
        return new FitPlan(
                schedule, times, train, heldOut, batchSize, ridge, scaleFeatures, parallelTimes, progress, s);
    }

    @Override
    public double[] times() {
        return times.clone();
    }

    /** The members evaluated at time index k: the screen's, or all {@code p}. */
    int[] evaluated(int k, int p) {
        return screen == null ? IntStream.range(0, p).toArray() : screen.active[k].clone();
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
                    schedule, times, train, heldOut, batchSize, ridge, scaleFeatures, parallelTimes, progress, null);
        }
    }
}
