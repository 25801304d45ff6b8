/**
 * Checkpoints trained under other conventions (docs/method.md §6): diffusers DDPM/DDIM (epsilon, sample, v), flow
 * matching, EDM, score-SDE VP and VE. Each maps ksi's SNR to the model's noise level and timestep and reads its output
 * as estimates of eps and x1; the ensemble turns those into ksi's velocity.
 *
 * <p>May depend on: nothing else in ksi (Gson).
 */
package io.ksi.bridge.convention;
