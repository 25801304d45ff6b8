package io.ksi.app.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.types.Shape;
import io.ksi.ensemble.sampling.Drift;
import io.ksi.ensemble.sampling.Sampler;
import org.junit.jupiter.api.Test;

/** What the demos report about a sample set's cost, and the colour study's sampler setting. */
class DemoSamplingTest {
    /** The exact velocity towards N(0, I) under the linear interpolant: b_t(x) = (2t - 1) x / ((1-t)^2 + t^2). */
    private static final Drift GAUSSIAN = (x, t) -> x.mul((float) ((2 * t - 1) / ((1 - t) * (1 - t) + t * t)));

    @Test
    void oneModelsCallsPerSampleFollowTheSampler() {
        Shape shape = new Shape(1, 4, 4);
        var optimal = DemoSampling.draw(GAUSSIAN, Sampler.byName("optimal"), shape, 300, 10, 1);
        var heun = DemoSampling.draw(GAUSSIAN, Sampler.byName("heun"), shape, 300, 10, 1);
        assertEquals(10.0, optimal.callsPerSample(), 0.0, "one call a step");
        assertEquals(20.0, heun.callsPerSample(), 0.0, "Heun: two calls a step");
        assertEquals(300 * 16, heun.samples().length);
    }

    @Test
    void anUnknownSamplerIsRefusedBeforeAnyModelLoads() {
        var e = assertThrows(
                IllegalArgumentException.class, () -> EmojiSettings.quick(0).withSampler("langevin", 10));
        assertTrue(e.getMessage().contains("langevin"), e.getMessage());
    }
}
