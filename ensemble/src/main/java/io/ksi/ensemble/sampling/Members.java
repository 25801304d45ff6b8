package io.ksi.ensemble.sampling;

import ai.djl.ndarray.NDArray;

/**
 * A drift made of members whose fields a sampler may also call one by one, to mix them per sample while it integrates
 * ({@link SuperDiffSampler}).
 */
public interface Members extends Drift {
    int members();

    /** Member i's field at (x, t), unweighted, attached to x's manager. */
    NDArray member(int i, NDArray x, double t);
}
