/**
 * The study behind {@code ksi demo}: weak U-Net cohorts trained on real MNIST combined without training, the
 * ensemble-size sweep, cross-domain composition, judged by the project's MNIST classifier (FID, recognized share, class
 * entropy) and an oracle's likelihood, and its report.
 *
 * <p>May depend on: {@code io.ksi.bridge.*}, {@code io.ksi.data}, {@code io.ksi.models.*}, {@code io.ksi.ensemble.*},
 * {@code io.ksi.app.plot}.
 */
package io.ksi.app.demo;
