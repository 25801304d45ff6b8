/**
 * Integrating a drift from noise to data (docs/method.md §3-4): the optimal-diffusion integrator, probability-flow ODE
 * and Euler-Maruyama samplers, their shared step loop and memory discipline (StepLoop), batched runs (SampleRunner) and
 * seeded noise, one stream per sample (NoiseSource, GaussianStreams).
 *
 * <p>May depend on: {@code io.ksi.bridge.*}, {@code io.ksi.ensemble.interpolant}.
 */
package io.ksi.ensemble.sampling;
