package io.ksi.models.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ksi.bridge.MemoryProbe;
import org.junit.jupiter.api.Test;

class NavierStokes2DTest {
    static final NavierStokes2D.Params P = NavierStokes2D.Params.defaults(32);

    @Test
    void sameSeedSameFlowOtherSeedOtherFlow() {
        float[][] a = NavierStokes2D.snapshots(P, 2, 5, 2, 7, null);
        float[][] b = NavierStokes2D.snapshots(P, 2, 5, 2, 7, null);
        float[][] c = NavierStokes2D.snapshots(P, 2, 5, 2, 8, null);
        assertArrayEquals(a[1], b[1]);
        assertTrue(Math.abs(a[1][100] - c[1][100]) > 1e-6);
    }

    @Test
    void snapshotsAreStandardizedAndNotGaussianNoise() {
        float[][] s = NavierStokes2D.snapshots(P, 1, 20, 1, 1, null);
        double m = 0;
        double v = 0;
        for (float x : s[0]) {
            m += x / s[0].length;
        }
        for (float x : s[0]) {
            v += (x - m) * (x - m) / s[0].length;
        }
        assertEquals(0, m, 1e-5);
        assertEquals(1, v, 1e-4);
        // a smooth field: neighbours are strongly correlated, unlike white noise
        double c = 0;
        for (int i = 0; i < 32; i++) {
            for (int j = 0; j < 32; j++) {
                c += s[0][i * 32 + j] * s[0][i * 32 + (j + 1) % 32] / 1024.0;
            }
        }
        assertTrue(c > 0.5, "lag-1 correlation " + c);
    }

    /**
     * Native memory stays flat over the run: from step 1000 to 3000 RSS grows by less than 0.05 MiB a step, a 13th of
     * the leak this caught (the operators' products outlived their step: 0.67 MiB a step, 800 MiB over 1200 steps);
     * after a GC the readings scatter by about 40 MiB, 0.02 MiB a step over this span.
     */
    @Test
    void memoryStaysFlatOverTheSteps() {
        NavierStokes2D.Params p = NavierStokes2D.Params.defaults(32);
        long[] rss = new long[4];
        NavierStokes2D.snapshots(p, 1, 3100 * p.dt(), 1, 3, step -> {
            if (step % 1000 == 0) {
                System.gc(); // the Java heap's garbage (a few KB a step) is not what this measures
                rss[step / 1000] = MemoryProbe.rssBytes();
            }
        });
        double perStep = (rss[3] - rss[1]) / 2000.0 / 1048576.0;
        System.out.printf(
                "Navier-Stokes 32x32: RSS at steps 1000, 2000, 3000: %d, %d, %d MiB%n",
                rss[1] >> 20, rss[2] >> 20, rss[3] >> 20);
        assertTrue(perStep < 0.05, "grew " + perStep + " MiB a step");
    }

    @Test
    void badParametersAreNamed() {
        var e = assertThrows(
                IllegalArgumentException.class,
                () -> NavierStokes2D.snapshots(
                        new NavierStokes2D.Params(30, 1e-3, 0.1, 3, 5, 1, 0.01), 1, 1, 1, 0, null));
        assertTrue(e.getMessage().contains("power of two"), e.getMessage());
    }
}
