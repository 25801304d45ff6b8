package io.ksi.bridge;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * Constants made from Java arrays and numbers that stay valid inside autograd graphs. On the PyTorch engine,
 * create(double[]) wraps a direct ByteBuffer that only the created NDArray keeps reachable; views of it and the tensors
 * autograd saves for backward share that memory without keeping the buffer alive. Once the NDArray is closed, the GC
 * may free memory torch still reads: gradients then change from run to run, or turn NaN. A clone lives in torch's own
 * memory and is freed with the last tensor that uses it.
 */
public final class Tensors {
    private Tensors() {}

    public static NDArray owned(NDManager m, double[] data, Shape shape) {
        return own(m.create(data, shape));
    }

    public static NDArray owned(NDManager m, double[] data) {
        return own(m.create(data));
    }

    public static NDArray owned(NDManager m, float[] data, Shape shape) {
        return own(m.create(data, shape));
    }

    public static NDArray owned(NDManager m, long[] data) {
        return own(m.create(data));
    }

    /**
     * a * v through a torch-owned 0-dim tensor. Use it instead of mul(Number) / div(Number) wherever autograd may
     * differentiate: DJL 0.35.1 makes the number a Java-backed tensor and closes it right after the op, but autograd
     * keeps it for the backward pass, which then reads freed memory once the GC has run (gradients that change from run
     * to run, or NaN).
     */
    public static NDArray scaled(NDArray a, double v) {
        NDArray s = own(a.getManager().create(v)).toDevice(a.getDevice(), false);
        return a.mul(s);
    }

    private static NDArray own(NDArray wrapped) {
        NDArray copy = wrapped.duplicate();
        wrapped.close();
        return copy;
    }
}
