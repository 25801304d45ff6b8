package io.ksi.ensemble.interpolant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ksi.ensemble.system.EtaTable;
import org.junit.jupiter.api.Test;

class SchedulesTest {
    @Test
    void gammaAndOptimalDiffusionMatchTheClosedForms() {
        for (double t = 0.05; t < 1; t += 0.05) {
            assertEquals(1.0, Schedules.LINEAR.gamma(t), 1e-12);
            assertEquals((1 - t) / t, Schedules.LINEAR.optimalDiffusion(t), 1e-12);
            assertEquals(Math.PI / 2, Schedules.TRIGONOMETRIC.gamma(t), 1e-12);
            assertEquals(Math.PI / 2 / Math.tan(Math.PI * t / 2), Schedules.TRIGONOMETRIC.optimalDiffusion(t), 1e-9);
        }
        assertEquals(Double.POSITIVE_INFINITY, Schedules.LINEAR.optimalDiffusion(0));
        assertEquals(0.0, Schedules.LINEAR.optimalDiffusion(1));
    }

    @Test
    void customScheduleIsValidated() {
        Schedule sq = Schedules.custom(
                "sqrt",
                t -> Math.sqrt(1 - t),
                t -> Math.sqrt(t),
                t -> -0.5 / Math.sqrt(1 - t),
                t -> 0.5 / Math.sqrt(t));
        assertTrue(sq.gamma(0.3) > 0);
        IllegalArgumentException wrongDerivative = assertThrows(
                IllegalArgumentException.class,
                () -> Schedules.custom("bad", t -> 1 - t * t, t -> t * t, t -> -t, t -> 2 * t));
        assertTrue(wrongDerivative.getMessage().contains("alphaDot"), wrongDerivative.getMessage());
        IllegalArgumentException wrongBoundary = assertThrows(
                IllegalArgumentException.class,
                () -> Schedules.custom("bad2", t -> 1 - t, t -> 0.5 * t, t -> -1, t -> 0.5));
        assertTrue(wrongBoundary.getMessage().contains("beta_1"), wrongBoundary.getMessage());
        assertEquals(Schedules.TRIGONOMETRIC, Schedules.byName("trigonometric"));
        assertThrows(IllegalArgumentException.class, () -> Schedules.byName("cosine"));
    }

    @Test
    void etaTableInterpolatesLinearlyAndClamps() {
        EtaTable e = new EtaTable(new double[] {0, 0.5, 1}, new double[][] {{0, 1}, {1, 3}, {3, 3}});
        assertEquals(0.5, e.at(0.25)[0], 1e-12);
        assertEquals(2.0, e.at(0.25)[1], 1e-12);
        assertEquals(3.0, e.at(2)[0], 1e-12);
        assertEquals(0.0, e.at(-1)[0], 1e-12);
    }
}
