/**
 * The cohort study behind {@code ksi demo}: weak U-Net cohorts combined without training, the ensemble-size sweep,
 * cross-domain composition, scored by the oracle, MMD and precision/recall, and its report.
 *
 * <p>May depend on: {@code io.ksi.bridge.*}, {@code io.ksi.models.*}, {@code io.ksi.ensemble.*},
 * {@code io.ksi.app.plot}.
 */
package io.ksi.app.demo;
