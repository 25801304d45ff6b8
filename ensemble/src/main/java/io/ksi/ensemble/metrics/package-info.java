/**
 * Scores of sample sets against data: MMD, precision and recall, pairwise distances, isotropic power spectra of
 * periodic 2D fields and the stylized facts of return series.
 *
 * <p>May depend on: nothing else in ksi (DJL arrays, EJML).
 */
package io.ksi.ensemble.metrics;
