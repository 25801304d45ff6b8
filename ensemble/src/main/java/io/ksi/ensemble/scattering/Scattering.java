package io.ksi.ensemble.scattering;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import java.util.List;

/**
 * What scattering spectra of series ({@link Scattering1D}) and of periodic 2D fields ({@link Scattering2D}) share: a
 * filter bank, the power spectrum that normalizes the coefficients, and the real feature vector, differentiable by
 * autograd. Inputs are batches [B, ...sampleShape] in float32 or float64.
 */
public interface Scattering {
    /** One sample's shape: [T] for series, [M, N] for fields. */
    Shape sampleShape();

    /** J, the number of dyadic scales. */
    int scales();

    Reduction reduction();

    /** P, the length of the real feature vector. */
    int featureCount();

    /** One label per feature, in output order. */
    List<String> featureLabels();

    /** The filter bank as Fourier multipliers, one row per filter. */
    double[][] filters();

    /**
     * The power spectrum of x averaged over the batch: the normalization of the coefficients (sigma_j^2 for series,
     * S2[j, l] for fields), frozen on the observation by the feature maps.
     */
    double[] powerSpectrum(NDArray x);

    /** The feature vector [B, P] of x [B, ...sampleShape] normalized by {@code power}, attached to x's manager. */
    NDArray features(NDArray x, double[] power);
}
