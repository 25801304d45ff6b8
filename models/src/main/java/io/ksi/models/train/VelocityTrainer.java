package io.ksi.models.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import ai.djl.util.Pair;
import io.ksi.bridge.AtomicFiles;
import io.ksi.bridge.DjlVelocityField;
import io.ksi.bridge.LoadOptions;
import io.ksi.bridge.ModelLoader;
import io.ksi.bridge.ModelSpec;
import io.ksi.bridge.OneDnn;
import io.ksi.data.Dataset;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.function.IntConsumer;

/**
 * Trains a scripted velocity model from a fresh random initialization with the linear-schedule loss E |v(t, (1-t) x0 +
 * t x1) - (x1 - x0)|^2 (docs/method.md §1, §5), in Java through DJL, and saves plain TorchScript that PyTorch loads.
 * Every random draw (initialization, batches, noise, times) comes from the seed.
 */
public final class VelocityTrainer {
    /**
     * @param steps optimizer steps
     * @param batch samples per step (the paper: 128)
     * @param learningRate the optimizer's step size
     * @param seed initialization, batches, noise and times
     * @param optimizer Adam, or plain SGD with momentum 0.9
     * @param times the interval the training times t are drawn from, uniformly
     * @param ema 0: save the last weights; in (0, 1): save their exponential moving average with this decay (warmed up
     *     as min(ema, (1 + step) / (10 + step)), as diffusion trainers do), BatchNorm statistics re-estimated for the
     *     averaged weights
     */
    public record Config(
            int steps, int batch, double learningRate, long seed, Method optimizer, TimeWindow times, double ema) {
        public Config {
            if (steps <= 0 || batch <= 0 || !(learningRate > 0)) {
                throw new IllegalArgumentException(
                        "training needs steps > 0, batch > 0 and a learning rate > 0; got steps " + steps + ", batch "
                                + batch + ", learning rate " + learningRate);
            }
            if (!(ema >= 0 && ema < 1)) {
                throw new IllegalArgumentException(
                        "the weight average's decay must be in [0, 1) (0: no average); got " + ema);
            }
            java.util.Objects.requireNonNull(optimizer, "optimizer");
            java.util.Objects.requireNonNull(times, "times");
        }

        /** The last weights, no average. */
        public Config(int steps, int batch, double learningRate, long seed, Method optimizer, TimeWindow times) {
            this(steps, batch, learningRate, seed, optimizer, times, 0);
        }

        /** Times drawn from all of [0, 1). */
        public Config(int steps, int batch, double learningRate, long seed, Method optimizer) {
            this(steps, batch, learningRate, seed, optimizer, TimeWindow.ALL);
        }

        /** Adam, the demo's default. */
        public Config(int steps, int batch, double learningRate, long seed) {
            this(steps, batch, learningRate, seed, Method.ADAM);
        }
    }

    /** The optimizer of a training run. */
    public enum Method {
        ADAM,
        SGD;

        Optimizer build(double learningRate) {
            Tracker lr = Tracker.fixed((float) learningRate);
            return this == ADAM
                    ? Optimizer.adam().optLearningRateTracker(lr).build()
                    : Optimizer.sgd()
                            .setLearningRateTracker(lr)
                            .optMomentum(0.9f)
                            .build();
        }

        /** "adam" or "sgd", any case. */
        public static Method parse(String name) {
            try {
                return valueOf(name.trim().toUpperCase(java.util.Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("unknown optimizer '" + name + "'; expected adam or sgd", e);
            }
        }
    }

    /**
     * The final training loss (mean of the last 10 steps), the file written and the kernels the convolutions ran on.
     */
    public record Result(Path file, double finalLoss, double firstLoss, String kernels) {}

    private VelocityTrainer() {}

    public static Result train(Path template, Dataset data, Config c, Path out, IntConsumer onStep) {
        ModelSpec spec = ModelSpec.of(template);
        // oneDNN's AVX-512 training kernels gave NaN at random: OneDnn chooses kernels that do not
        try (OneDnn.TrainingScope kernels = OneDnn.forTraining();
                DjlVelocityField f = ModelLoader.load(
                        spec, LoadOptions.DEFAULT.withTrainable(true).withDevice("cpu"))) {
            PtSymbolBlock block = (PtSymbolBlock) f.djlModel().getBlock();
            SplittableRandom r = new SplittableRandom(c.seed());
            reinitialize(block, r);
            JniUtils.enableTrainingMode(block);
            DefaultTrainingConfig cfg = new DefaultTrainingConfig(Loss.l2Loss())
                    .optOptimizer(c.optimizer().build(c.learningRate()));
            double first = Double.NaN;
            double tail = 0;
            int tailCount = 0;
            try (Trainer trainer = f.djlModel().newTrainer(cfg);
                    NDManager base = NDManager.newBaseManager("PyTorch")) {
                WeightAverage average = c.ema() > 0 ? new WeightAverage(block, base) : null;
                for (int step = 0; step < c.steps(); step++) {
                    double loss;
                    try (NDManager m = base.newSubManager();
                            GradientCollector gc = trainer.newGradientCollector()) {
                        Batch b = Batch.draw(m, data, c, r);
                        NDArray pred =
                                trainer.forward(new NDList(b.input(), b.t())).singletonOrThrow();
                        pred.attach(m);
                        NDArray l = pred.sub(b.target()).square().mean();
                        gc.backward(l);
                        loss = l.getFloat();
                    }
                    if (!Double.isFinite(loss)) {
                        throw new IllegalStateException("training diverged at step " + step + " (loss " + loss + ")");
                    }
                    String badGradient = firstNonFiniteGradient(block, base);
                    if (badGradient != null) {
                        throw new IllegalStateException("training diverged at step " + step + ": the loss is " + loss
                                + " but the gradient of " + badGradient + " is not finite");
                    }
                    trainer.step();
                    if (average != null) {
                        average.update(Math.min(c.ema(), (1.0 + step) / (10.0 + step)));
                    }
                    if (step == 0) {
                        first = loss;
                    }
                    if (step >= c.steps() - 10) {
                        tail += loss;
                        tailCount++;
                    }
                    if (onStep != null) {
                        onStep.accept(step);
                    }
                }
                if (average != null) {
                    average.install();
                    recalibrateBatchNorm(trainer, data, c, r, base);
                }
            }
            JniUtils.enableInferenceMode(block);
            AtomicFiles.write(out, os -> JniUtils.writeModule(block, os, false));
            return new Result(out, tail / tailCount, first, kernels.kernels().why());
        }
    }

    /**
     * Forward passes in training mode with no gradient, so BatchNorm's running statistics follow the averaged weights.
     */
    private static void recalibrateBatchNorm(
            Trainer trainer, Dataset data, Config c, SplittableRandom r, NDManager base) {
        // BatchNorm's running average has momentum 0.1: 40 batches leave 1.5% of the last weights' statistics
        for (int pass = 0; pass < BATCH_NORM_PASSES; pass++) {
            try (NDManager m = base.newSubManager()) {
                Batch b = Batch.draw(m, data, c, r);
                trainer.forward(new NDList(b.input(), b.t())).attach(m);
            }
        }
    }

    /** One batch of the loss: the interpolant I_t = (1-t) x0 + t x1 at times t, and its velocity x1 - x0. */
    private record Batch(NDArray input, NDArray t, NDArray target) {
        /** Rows, then times, then noise, all from {@code r}; the arrays live in {@code m}. */
        static Batch draw(NDManager m, Dataset data, Config c, SplittableRandom r) {
            int[] idx = new int[c.batch()];
            float[] noise = new float[c.batch() * data.dimension()];
            float[] t = new float[c.batch()];
            for (int i = 0; i < idx.length; i++) {
                idx[i] = r.nextInt(data.size());
                t[i] = (float) c.times().at(r.nextDouble());
            }
            for (int i = 0; i < noise.length; i++) {
                noise[i] = (float) r.nextGaussian();
            }
            Shape sample = data.sampleShape();
            NDArray x1 = data.rows(m, idx);
            NDArray x0 = m.create(noise, new Shape(c.batch()).addAll(sample));
            NDArray tt = m.create(t);
            NDArray tb = tt.reshape(new Shape(c.batch()).addAll(new Shape(ones(sample.dimension()))));
            return new Batch(x0.mul(tb.neg().add(1)).add(x1.mul(tb)), tt, x1.sub(x0));
        }
    }

    static final int BATCH_NORM_PASSES = 40;

    /** The name of the first parameter whose gradient holds a NaN or an infinity, else null. */
    private static String firstNonFiniteGradient(PtSymbolBlock block, NDManager base) {
        try (NDManager m = base.newSubManager()) {
            for (Pair<String, Parameter> p : block.getParameters()) {
                NDArray a = p.getValue().getArray();
                if (a.hasGradient()) {
                    NDArray g = a.getGradient(); // a second handle on the gradient; the scope closes the handle only
                    g.attach(m);
                    if (g.isInfinite().logicalOr(g.isNaN()).any().getBoolean()) {
                        return p.getKey();
                    }
                }
            }
            return null;
        }
    }

    /**
     * A fresh, untrained copy of {@code template}: PyTorch's default initialization drawn from {@code seed} (as
     * {@link #train} starts from), saved to {@code out}. Paper-size members for timing need no training.
     */
    public static Path initialize(Path template, long seed, Path out) {
        try (DjlVelocityField f = ModelLoader.load(
                ModelSpec.of(template), LoadOptions.DEFAULT.withTrainable(true).withDevice("cpu"))) {
            PtSymbolBlock block = (PtSymbolBlock) f.djlModel().getBlock();
            reinitialize(block, new SplittableRandom(seed));
            JniUtils.enableInferenceMode(block);
            AtomicFiles.write(out, os -> JniUtils.writeModule(block, os, false));
            return out;
        }
    }

    private static long[] ones(int n) {
        long[] o = new long[n];
        java.util.Arrays.fill(o, 1);
        return o;
    }

    /**
     * PyTorch's default initialization, redrawn from the seed: weights and biases of conv/linear layers uniform in
     * +-1/sqrt(fan_in) (fan_in = size(1) * kernel area, as torch computes it), BatchNorm scale 1 and shift 0.
     */
    static void reinitialize(PtSymbolBlock block, SplittableRandom r) {
        double bound = 0;
        for (Pair<String, Parameter> p : block.getParameters()) {
            String name = p.getKey();
            NDArray a = p.getValue().getArray();
            long[] s = a.getShape().getShape();
            float[] v = new float[(int) a.size()];
            boolean batchNorm = name.contains("bn") && s.length == 1;
            if (batchNorm) {
                java.util.Arrays.fill(v, name.endsWith("weight") ? 1f : 0f);
            } else {
                if (s.length >= 2) {
                    long fanIn = s[1];
                    for (int i = 2; i < s.length; i++) {
                        fanIn *= s[i];
                    }
                    bound = 1 / Math.sqrt(fanIn);
                }
                for (int i = 0; i < v.length; i++) {
                    v[i] = (float) ((2 * r.nextDouble() - 1) * bound);
                }
            }
            a.set(v);
        }
    }
}
