package io.ksi.ensemble.sampling;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import io.ksi.bridge.Progress;
import io.ksi.ensemble.interpolant.Schedule;

/**
 * SuperDiff's OR rule (Skreta et al., arXiv 2412.17762) for velocity models: each sample follows the member whose
 * density of its current point is highest, the densities tracked while sampling by the Itô estimator, with no fit and P
 * model calls per step.
 *
 * <p>For ksi's interpolant the score follows from member i's velocity b_i: s_i = (beta b_i - beta' x) / (alpha gamma).
 * The SDE whose diffusion is D* = alpha gamma / beta (ksi's optimal diffusion, the reverse SDE SuperDiff samples) is
 * the one along which the Laplacian terms of d log q_i cancel, leaving d log q_i(x_t) = s_i . dx - b_i . s_i dt plus
 * terms equal for all members. So this sampler takes the optimal-diffusion step ({@link OptimalDiffusionSampler}) with
 * the per-sample mixture sum_i kappa_i b_i, kappa = softmax(log q / T), and updates log q from the step it took. At t =
 * 0 every member's score is the prior's, the same for all, so the first step updates nothing; the last step, into t = 1
 * where alpha = 0 and the scores diverge (the NaN reported for flow-matching models in super-diffusion issue #3), is
 * the ODE step and updates no density. A row whose update is not finite keeps its weights.
 */
public final class SuperDiffSampler implements Sampler {
    private final double temperature;

    /** @param temperature T of softmax(log q / T); SuperDiff's OR rule uses 1e-6, nearly an argmax per sample */
    public SuperDiffSampler(double temperature) {
        if (!(temperature > 0) || !Double.isFinite(temperature)) {
            throw new IllegalArgumentException("superdiff:T needs a temperature T > 0, got " + temperature);
        }
        this.temperature = temperature;
    }

    @Override
    public String name() {
        return "superdiff:" + temperature;
    }

    @Override
    public NDArray integrate(Drift drift, Schedule s, double[] grid, NDArray x, NoiseSource noise, Progress.Task task) {
        if (!(drift instanceof Members members)) {
            throw new IllegalArgumentException(
                    "the superdiff sampler mixes an ensemble's members per sample: sample an ensemble file");
        }
        int p = members.members();
        int rows = (int) x.getShape().get(0);
        double[][] logq = new double[rows][p];
        return StepLoop.run(x, grid.length - 1, task, (cur, k, scope) -> {
            double t0 = grid[k];
            double t1 = grid[k + 1];
            double dt = t1 - t0;
            double b0 = s.beta(t0);
            double b1 = s.beta(t1);
            boolean last = k == grid.length - 2;
            NDList velocities = new NDList(p);
            for (int i = 0; i < p; i++) {
                velocities.add(members.member(i, cur, t0).expandDims(0));
            }
            NDArray all = NDArrays.concat(velocities, 0); // [P, B, ...]
            NDArray kappa = scope.create(weights(logq), new Shape(p, rows)).reshape(mixShape(p, rows, cur));
            NDArray b = all.mul(kappa).sum(new int[] {0});
            double var = last ? 0 : dt * (s.alpha(t0) * b0 * s.gamma(t0) + s.alpha(t1) * b1 * s.gamma(t1));
            NDArray next = b.mul((float) ((b0 + b1) * dt / b1));
            if (b0 != 0) {
                next = next.add(cur.mul((float) (b0 / b1)));
            }
            if (var > 0) {
                next = next.add(noise.next(scope).mul((float) (Math.sqrt(var) / b1)));
            }
            if (!last && k > 0) {
                update(logq, all, cur, next, s, t0, dt);
            }
            return next;
        });
    }

    /** log q_i += s_i . dx - b_i . s_i dt per row, s_i from b_i at (x, t). */
    private static void update(
            double[][] logq, NDArray velocities, NDArray x, NDArray next, Schedule s, double t, double dt) {
        double ag = s.alpha(t) * s.gamma(t);
        NDArray score =
                velocities.mul((float) (s.beta(t) / ag)).sub(x.expandDims(0).mul((float) (s.betaDot(t) / ag)));
        NDArray dx = next.sub(x).expandDims(0);
        int[] sampleAxes = new int[(int) x.getShape().dimension() - 1];
        for (int a = 0; a < sampleAxes.length; a++) {
            sampleAxes[a] = a + 2;
        }
        NDArray move = sampleAxes.length == 0 ? score.mul(dx) : score.mul(dx).sum(sampleAxes);
        NDArray work = sampleAxes.length == 0
                ? velocities.mul(score)
                : velocities.mul(score).sum(sampleAxes);
        float[] d = move.sub(work.mul((float) dt)).toFloatArray(); // [P, B]
        int p = logq[0].length;
        for (int r = 0; r < logq.length; r++) {
            boolean finite = true;
            for (int i = 0; i < p; i++) {
                finite &= Float.isFinite(d[i * logq.length + r]);
            }
            if (finite) {
                for (int i = 0; i < p; i++) {
                    logq[r][i] += d[i * logq.length + r];
                }
            }
        }
    }

    /** kappa as [P, B] row-major: softmax over members of log q / T for each row. */
    private float[] weights(double[][] logq) {
        int rows = logq.length;
        int p = logq[0].length;
        float[] out = new float[p * rows];
        for (int r = 0; r < rows; r++) {
            double max = Double.NEGATIVE_INFINITY;
            for (double v : logq[r]) {
                max = Math.max(max, v);
            }
            double sum = 0;
            double[] e = new double[p];
            for (int i = 0; i < p; i++) {
                e[i] = Math.exp((logq[r][i] - max) / temperature);
                sum += e[i];
            }
            for (int i = 0; i < p; i++) {
                out[i * rows + r] = (float) (e[i] / sum);
            }
        }
        return out;
    }

    private static Shape mixShape(int p, int rows, NDArray x) {
        long[] dims = new long[(int) x.getShape().dimension() + 1];
        java.util.Arrays.fill(dims, 1);
        dims[0] = p;
        dims[1] = rows;
        return new Shape(dims);
    }
}
