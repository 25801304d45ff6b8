package io.ksi.ensemble.feature;

import ai.djl.ndarray.NDArray;
import com.google.gson.JsonObject;

/**
 * One feature gradient grad phi_i(x) at time t (docs/method.md §2): a vector field with the shape of x. The result is
 * attached to x's manager; everything else the call makes is freed before it returns.
 */
public interface FeatureField extends AutoCloseable {
    String name();

    NDArray evaluate(NDArray x, double t);

    /** How to rebuild this field when a saved ensemble is loaded (see {@link FieldCodec}). */
    JsonObject describe();

    /** Prepares the field for batches of this size (a model's first calls per input shape are slow). */
    default void warmup(int batch) {}

    @Override
    default void close() {}
}
