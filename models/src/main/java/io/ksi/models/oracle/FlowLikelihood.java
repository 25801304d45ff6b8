package io.ksi.models.oracle;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import io.ksi.bridge.DjlVelocityField;
import io.ksi.bridge.LoadOptions;
import io.ksi.bridge.ModelLoader;
import io.ksi.bridge.ModelSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.DoubleFunction;

/**
 * Log-likelihood of points under the probability-flow ODE dx/dt = b(t, x) of a drift b(t, x) = sum_i w_i(t) v_i(t, x)
 * made of velocity models (one model with w = 1: the oracle; a fitted ensemble: its eta(t)): log p_1(x_1) = log N(x_0;
 * 0, I) - integral_0^1 div b(t, x_t) dt, integrated from t = 1 back to 0 by Heun steps, the divergence by a seeded
 * multi-probe Hutchinson estimate (Rademacher probes shared by all models, one backward pass through the weighted sum
 * for all probes) or exactly (one backward pass per dimension; small d only).
 */
public class FlowLikelihood implements AutoCloseable {
    private final List<DjlVelocityField> models = new ArrayList<>();
    private final List<PtSymbolBlock> blocks = new ArrayList<>();
    private final List<ParameterStore> stores = new ArrayList<>();
    private final DoubleFunction<double[]> weights;
    private final String name;
    private boolean evalMode;

    /**
     * @param specs the velocity models v_i (loaded here, on the CPU, with autograd)
     * @param weights w(t), one weight per model at each time
     * @param name what the messages call this drift
     */
    public FlowLikelihood(List<ModelSpec> specs, DoubleFunction<double[]> weights, String name) {
        if (specs.isEmpty()) {
            throw new IllegalArgumentException(name + ": a flow needs at least one velocity model");
        }
        this.weights = weights;
        this.name = name;
        try {
            for (ModelSpec spec : specs) {
                DjlVelocityField model = ModelLoader.load(
                        spec, LoadOptions.DEFAULT.withTrainable(true).withDevice("cpu"));
                models.add(model);
                PtSymbolBlock block = (PtSymbolBlock) model.djlModel().getBlock();
                block.freezeParameters(true);
                blocks.add(block);
                stores.add(new ParameterStore(model.djlModel().getNDManager(), false));
            }
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /**
     * A first autograd forward, then eval mode: later forward(..., true) calls keep BatchNorm in eval, with a graph.
     */
    private void enterEvalWithGradients(Shape sampleShape) {
        if (evalMode) {
            return;
        }
        for (int i = 0; i < blocks.size(); i++) {
            try (NDManager m = models.get(i).djlModel().getNDManager().newSubManager()) {
                blocks.get(i)
                        .forward(
                                stores.get(i),
                                new NDList(m.zeros(new Shape(1).addAll(sampleShape)), m.zeros(new Shape(1))),
                                true);
            }
            JniUtils.enableInferenceMode(blocks.get(i));
        }
        evalMode = true;
    }

    private double[] weightsAt(double t) {
        double[] w = weights.apply(t);
        if (w.length != blocks.size()) {
            throw new IllegalArgumentException(
                    String.format("%s: %d weights at t=%.4f for %d models", name, w.length, t, blocks.size()));
        }
        for (double v : w) {
            if (!Double.isFinite(v)) {
                throw new IllegalArgumentException(String.format("%s: non-finite weight at t=%.4f", name, t));
            }
        }
        return w;
    }

    /**
     * @param meanLogLikelihood nats per sample
     * @param stdError its Monte-Carlo standard error over samples (probe noise included)
     * @param bitsPerDim mean log-likelihood in bits per dimension (higher is better)
     * @param bitsPerDimError its standard error
     * @param perSample log-likelihood of each sample, nats
     */
    public record Result(
            double meanLogLikelihood, double stdError, double bitsPerDim, double bitsPerDimError, double[] perSample) {}

    /** The exact log-likelihood log p_1(x) (up to the ODE and probe errors). */
    public Result evaluate(NDArray samples, int steps, int probes, long seed) {
        return evaluate(samples, steps, probes, seed, 1.0);
    }

    /**
     * Log-likelihood of the samples after the interpolant has moved them back to time {@code start}: log
     * p_start(x_start) with x_start = (1 - start) z + start x, z ~ N(0, I) seeded (the linear schedule the oracle was
     * trained with). With start = 1 this is log p_1(x). Data on a thin manifold (images with a flat background) have a
     * near-singular p_1, whose ODE likelihood is ill-conditioned; start slightly below 1 scores samples under the
     * smoothed law instead, which is finite and well-conditioned.
     *
     * @param samples [n, ...] points at t = 1
     * @param steps Heun steps from t = start to 0
     * @param probes Hutchinson probes per sample and evaluation; 0 for the exact divergence
     * @param seed probe and smoothing-noise seed
     * @param start time the ODE starts from, in (0, 1]
     */
    public Result evaluate(NDArray samples, int steps, int probes, long seed, double start) {
        if (!(start > 0 && start <= 1)) {
            throw new IllegalArgumentException("start time must be in (0, 1], got " + start);
        }
        long n = samples.getShape().get(0);
        int d = (int) (samples.size() / n);
        enterEvalWithGradients(samples.getShape().slice(1));
        double[] divIntegral = new double[(int) n];
        SplittableRandom r = new SplittableRandom(seed);
        NDManager base = samples.getManager().newSubManager();
        try {
            NDArray x = samples.toType(DataType.FLOAT32, true);
            x.attach(base);
            if (start < 1) {
                float[] z = new float[(int) x.size()];
                for (int i = 0; i < z.length; i++) {
                    z[i] = (float) r.nextGaussian();
                }
                NDArray noisy =
                        x.mul((float) start).add(base.create(z, x.getShape()).mul((float) (1 - start)));
                x.close();
                x = noisy;
            }
            double dt = start / steps;
            for (int k = steps; k > 0; k--) {
                double t1 = k * dt;
                double t0 = (k - 1) * dt;
                NDArray next;
                try (NDManager step = base.newSubManager()) {
                    x.tempAttach(step);
                    Evaluation e1 = velocityAndDivergence(step, x, t1, probes, r);
                    NDArray xe = x.sub(e1.velocity.mul((float) dt));
                    Evaluation e0 = velocityAndDivergence(step, xe, t0, probes, r);
                    next = x.sub(e1.velocity.add(e0.velocity).mul((float) (dt / 2)));
                    for (int i = 0; i < n; i++) {
                        divIntegral[i] += dt / 2 * (e1.divergence[i] + e0.divergence[i]);
                    }
                    next.attach(base);
                }
                x.close();
                x = next;
            }
            float[] x0 = x.toFloatArray();
            double[] ll = new double[(int) n];
            double mean = 0;
            for (int i = 0; i < n; i++) {
                double sq = 0;
                for (int j = 0; j < d; j++) {
                    double v = x0[i * d + j];
                    sq += v * v;
                }
                ll[i] = -0.5 * d * Math.log(2 * Math.PI) - 0.5 * sq - divIntegral[i];
                mean += ll[i] / n;
            }
            double var = 0;
            for (double v : ll) {
                var += (v - mean) * (v - mean) / Math.max(1, n - 1);
            }
            double se = Math.sqrt(var / n);
            double toBits = 1.0 / (d * Math.log(2));
            return new Result(mean, se, mean * toBits, se * toBits, ll);
        } finally {
            base.close();
        }
    }

    private record Evaluation(NDArray velocity, double[] divergence) {}

    /** b(t, x) and div b at each sample; arrays attached to {@code m}. */
    private Evaluation velocityAndDivergence(NDManager m, NDArray x, double t, int probes, SplittableRandom r) {
        long n = x.getShape().get(0);
        int d = (int) (x.size() / n);
        int copies = probes > 0 ? probes : d;
        // copies of every sample along the batch axis: one backward pass gives every probe's vector-Jacobian product
        float[] seedV = new float[(int) (copies * n * d)];
        for (int c = 0; c < copies; c++) {
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < d; j++) {
                    seedV[(c * (int) n + i) * d + j] = probes > 0 ? (r.nextBoolean() ? 1f : -1f) : (j == c ? 1f : 0f);
                }
            }
        }
        Shape batched = new Shape(copies * n).addAll(x.getShape().slice(1));
        NDArray probe = m.create(seedV, batched);
        NDArray xr = x.toType(DataType.FLOAT32, true);
        if (copies > 1) {
            xr = x.reshape(1, n, d).repeat(0, copies).reshape(batched);
        }
        xr.setRequiresGradient(true);
        NDArray tb = m.full(new Shape(copies * n), (float) t);
        double[] w = weightsAt(t);
        NDArray v;
        NDArray grad;
        try (GradientCollector gc = Engine.getEngine("PyTorch").newGradientCollector()) {
            NDArray out = null;
            for (int i = 0; i < blocks.size(); i++) {
                if (w[i] == 0) {
                    continue;
                }
                NDArray term = blocks.get(i)
                        .forward(stores.get(i), new NDList(xr, tb), true)
                        .singletonOrThrow();
                // a lone weight of 1 (the oracle) adds no multiplication, so its numbers are those of the model itself
                term = w[i] == 1 && blocks.size() == 1 ? term : term.mul((float) w[i]);
                out = out == null ? term : out.add(term);
            }
            if (out == null) {
                out = xr.mul(0f); // no model weighs in: b = 0, still on the graph so that backward runs
            }
            out.attach(m);
            gc.backward(out.mul(probe).sum());
            v = out.stopGradient()
                    .get(new ai.djl.ndarray.index.NDIndex("0:{}", n))
                    .duplicate();
        }
        grad = xr.getGradient();
        float[] vjp = grad.mul(probe).reshape(copies, n, d).sum(new int[] {2}).toFloatArray();
        double[] div = new double[(int) n];
        for (int c = 0; c < copies; c++) {
            for (int i = 0; i < n; i++) {
                div[i] += vjp[c * (int) n + i] / (probes > 0 ? probes : 1);
            }
        }
        xr.setRequiresGradient(false);
        return new Evaluation(v, div);
    }

    @Override
    public void close() {
        for (DjlVelocityField model : models) {
            model.close();
        }
    }
}
