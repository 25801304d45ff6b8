package io.ksi.ensemble.sampling;

import io.ksi.ensemble.interpolant.Grids;

/**
 * What to draw: how many samples, from which noise seed, with which integrator on which time grid, in batches of how
 * many. Sample i is driven by its own noise stream of the seed, so the batch never changes the samples.
 *
 * @param grid the integration grid, from 0 to 1
 */
public record SampleRequest(int n, long seed, Sampler sampler, double[] grid, int batch) {
    public SampleRequest {
        if (n < 1 || batch < 1) {
            throw new IllegalArgumentException("need n >= 1 and batch >= 1, got n=" + n + " batch=" + batch);
        }
        if (grid.length < 2 || grid[0] != 0 || grid[grid.length - 1] != 1) {
            throw new IllegalArgumentException("the sampling grid must run from 0 to 1");
        }
        grid = grid.clone();
    }

    /** {@code n} samples with the optimal-diffusion integrator on {@code steps} uniform steps, batches of 256. */
    public static SampleRequest of(int n, long seed, int steps) {
        return new SampleRequest(n, seed, new OptimalDiffusionSampler(), Grids.uniform(steps), 256);
    }

    @Override
    public double[] grid() {
        return grid.clone();
    }

    public SampleRequest withSampler(Sampler s) {
        return new SampleRequest(n, seed, s, grid, batch);
    }

    public SampleRequest withBatch(int b) {
        return new SampleRequest(n, seed, sampler, grid, b);
    }
}
