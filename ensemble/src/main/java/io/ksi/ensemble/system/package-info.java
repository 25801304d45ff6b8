/**
 * The P x P linear system per time (docs/method.md §2): Gram accumulation in double precision (GramAccumulator), the
 * system and its loss (LinearSystem), ridge and pseudo-inverse solves with EJML (SystemSolver, Solution), per-time
 * diagnostics and the eta table over the grid.
 *
 * <p>May depend on: nothing else in ksi (EJML, DJL arrays).
 */
package io.ksi.ensemble.system;
