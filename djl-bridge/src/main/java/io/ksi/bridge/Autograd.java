package io.ksi.bridge;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.function.UnaryOperator;

/**
 * Gradients of a per-sample feature map phi: [B, ...] -> [B, P] on the PyTorch engine (docs/djl-notes.md §4.3). The
 * drift needs one vector-Jacobian product; the Gram matrix needs the full Jacobian, got from stacked copies of each
 * sample in a single backward pass per chunk. Results are attached to x's manager; every graph is freed before
 * returning.
 *
 * <p>phi must not multiply or divide by Java numbers (use {@link Tensors#scaled}): on DJL 0.35.1 the backward pass then
 * reads freed memory. Found here as Jacobians that changed with what ran before them, by up to 50%, and once NaN.
 */
public final class Autograd {
    private Autograd() {}

    /**
     * grad_x sum_b w_b . phi(x_b): one forward and one backward pass.
     *
     * @param weights [P] (the same for every sample) or [B, P]
     */
    public static NDArray vjp(UnaryOperator<NDArray> phi, NDArray x, NDArray weights) {
        return vjp(phi, x, weights, null);
    }

    /**
     * @param leafType the dtype phi computes in (null: x's): toType cuts the graph on the PyTorch engine, so the
     *     conversion must happen before the leaf, not inside phi. The result has x's dtype.
     */
    public static NDArray vjp(UnaryOperator<NDArray> phi, NDArray x, NDArray weights, DataType leafType) {
        NDManager owner = x.getManager();
        try (NDManager scope = owner.newSubManager()) {
            x.tempAttach(scope);
            NDArray leaf = leaf(x, scope, leafType);
            NDArray grad;
            try (GradientCollector gc = Engine.getEngine("PyTorch").newGradientCollector()) {
                NDArray y = phi.apply(leaf);
                checkOutput(y, x.getShape().get(0), -1);
                gc.backward(y.mul(weights.toType(y.getDataType(), false).toDevice(y.getDevice(), false))
                        .sum());
            }
            grad = leaf.getGradient().toType(x.getDataType(), false).duplicate();
            grad.attach(owner);
            return grad;
        }
    }

    /**
     * The Jacobian of phi at every sample, [P, B, ...] (row i = grad phi_i), from copies of the samples: a chunk of C
     * (sample, feature) rows is one forward pass on C copies and one backward pass whose seed picks feature i of copy
     * i. Memory grows with C, time does not depend on it much.
     */
    public static NDArray jacobian(UnaryOperator<NDArray> phi, NDArray x, int p, int chunkRows) {
        return jacobian(phi, x, p, chunkRows, null);
    }

    /**
     * @param leafType the dtype phi computes in (null: x's), see {@link #vjp(UnaryOperator, NDArray, NDArray,
     *     DataType)}
     */
    public static NDArray jacobian(UnaryOperator<NDArray> phi, NDArray x, int p, int chunkRows, DataType leafType) {
        if (chunkRows < 1) {
            throw new IllegalArgumentException("chunk must hold at least one row, got " + chunkRows);
        }
        NDManager owner = x.getManager();
        Shape shape = x.getShape();
        long b = shape.get(0);
        long d = shape.size() / b;
        long rows = b * p;
        NDList parts = new NDList();
        try (NDManager scope = owner.newSubManager()) {
            x.tempAttach(scope);
            NDArray flat = x.reshape(b, d).stopGradient();
            for (long r0 = 0; r0 < rows; r0 += chunkRows) {
                int c = (int) Math.min(chunkRows, rows - r0);
                long[] sample = new long[c];
                float[] seed = new float[c * p];
                for (int k = 0; k < c; k++) {
                    long r = r0 + k;
                    sample[k] = r / p;
                    seed[k * p + (int) (r % p)] = 1;
                }
                try (NDManager chunk = scope.newSubManager()) {
                    NDArray copies = flat.get(Tensors.owned(chunk, sample).toDevice(x.getDevice(), false))
                            .reshape(new Shape(c).addAll(shape.slice(1)));
                    NDArray leaf = leaf(copies, chunk, leafType);
                    try (GradientCollector gc = Engine.getEngine("PyTorch").newGradientCollector()) {
                        NDArray y = phi.apply(leaf);
                        checkOutput(y, c, p);
                        gc.backward(y.mul(Tensors.owned(chunk, seed, new Shape(c, p))
                                        .toType(y.getDataType(), false)
                                        .toDevice(y.getDevice(), false))
                                .sum());
                    }
                    NDArray g = leaf.getGradient().reshape(c, d).duplicate();
                    g.attach(scope);
                    parts.add(g);
                }
            }
            NDArray all = parts.size() == 1 ? parts.get(0) : NDArrays.concat(parts, 0);
            NDArray out = all.reshape(b, p, d).transpose(1, 0, 2).reshape(new Shape(p).addAll(shape));
            out = out.toType(x.getDataType(), false).duplicate();
            out.attach(owner);
            return out;
        }
    }

    private static NDArray leaf(NDArray x, NDManager scope, DataType type) {
        NDArray leaf = x.stopGradient().duplicate();
        DataType want = type != null ? type : leaf.getDataType();
        if (want != DataType.FLOAT32 && want != DataType.FLOAT64) {
            want = DataType.FLOAT32;
        }
        leaf = leaf.toType(want, false);
        leaf.attach(scope);
        leaf.setRequiresGradient(true);
        return leaf;
    }

    private static void checkOutput(NDArray y, long b, int p) {
        Shape s = y.getShape();
        if (s.dimension() != 2 || s.get(0) != b || (p >= 0 && s.get(1) != p)) {
            throw new IllegalStateException("feature map returned shape " + s + ", expected [" + b + ", "
                    + (p >= 0 ? String.valueOf(p) : "P") + "]");
        }
    }
}
