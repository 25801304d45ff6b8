/**
 * Wavelet scattering spectra as differentiable feature maps (docs/scattering-spec.md): filter banks (Filters1D,
 * Filters2D), the transforms (Scattering1D, Scattering2D), their readout, and the maps with frozen normalization that
 * ensembles use (ScatteringSpectra1D, ScatteringSpectra2D), registered as feature-map kinds.
 *
 * <p>May depend on: {@code io.ksi.bridge.*}, {@code io.ksi.ensemble.feature}.
 */
package io.ksi.ensemble.scattering;
