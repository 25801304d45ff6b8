package io.ksi.ensemble.sampling;

import ai.djl.ndarray.NDArray;

/** An estimated velocity b_hat_t(x); the result is attached to x's manager. */
@FunctionalInterface
public interface Drift {
    NDArray at(NDArray x, double t);
}
