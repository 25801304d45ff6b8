package io.ksi.bridge;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * A time-conditioned vector field evaluated on a batch: x [B, ...] float32 and a time t, output the same shape as x.
 *
 * <p>Memory contract: the result is attached to the manager of {@code x}; everything else the call creates is freed
 * before it returns. Implementations say whether several threads may call them at once: {@link DjlVelocityField} may
 * (one DJL predictor per calling thread, the model shared).
 */
public interface VelocityField extends AutoCloseable {
    String name();

    /** Per-sample input shape (no batch axis), -1 for a free dimension; null when the model does not declare it. */
    Shape inputShape();

    Device device();

    /** Evaluates the field at one time for the whole batch. */
    NDArray evaluate(NDArray x, double t);

    /** Evaluates the field with one time per sample ({@code t} float [B]). */
    NDArray evaluate(NDArray x, NDArray t);

    /** Prepares the field for batches of this size before timed or heavy work (a model's first calls are slow). */
    default void warmup(int batch) {}

    @Override
    void close();
}
