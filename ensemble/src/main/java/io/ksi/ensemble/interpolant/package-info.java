/**
 * The stochastic interpolant I_t = alpha_t x0 + beta_t x1 (docs/method.md §1): its schedule with every derived quantity
 * (Schedule, Schedules) and the time grids that fits and samplers run on (Grids).
 *
 * <p>May depend on: nothing else in ksi.
 */
package io.ksi.ensemble.interpolant;
