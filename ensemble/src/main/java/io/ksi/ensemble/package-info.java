/**
 * The library's front door: fit a kernel ensemble (Fitter) from feature fields and pairs of noise and data
 * (PairSource), use it as a drift (KernelEnsemble), save and load it (EnsembleFile). The method's parts live in the
 * sub-packages: interpolant, feature, system, sampling, scattering, metrics (docs/method.md).
 *
 * <p>May depend on: {@code io.ksi.bridge.*}, {@code io.ksi.data}, {@code io.ksi.ensemble.interpolant},
 * {@code io.ksi.ensemble.feature}, {@code io.ksi.ensemble.system}, {@code io.ksi.ensemble.sampling}.
 */
package io.ksi.ensemble;
