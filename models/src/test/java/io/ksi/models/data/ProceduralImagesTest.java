package io.ksi.models.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ProceduralImagesTest {
    @Test
    void sameSeedSameImagesAndSampleIDependsOnlyOnI() {
        Dataset a = ProceduralImages.generate(Domain.DIGITS, 20, 5);
        Dataset b = ProceduralImages.generate(Domain.DIGITS, 30, 5);
        float[] va = a.toFloatArray();
        float[] vb = b.toFloatArray();
        assertArrayEquals(va, java.util.Arrays.copyOf(vb, va.length));
        float[] other = ProceduralImages.generate(Domain.DIGITS, 20, 6).toFloatArray();
        assertTrue(!java.util.Arrays.equals(va, other));
    }

    @Test
    void imagesHaveInkOnBackgroundAndDomainsDiffer() {
        double[] meanInk = new double[Domain.values().length];
        for (Domain d : Domain.values()) {
            float[] v = ProceduralImages.generate(d, 200, 1).toFloatArray();
            double ink = 0;
            for (float x : v) {
                assertTrue(x >= -1f && x <= 1f);
                ink += (x + 1) / 2 / v.length;
            }
            // strokes cover a few percent to a third of the square, never nothing or everything
            assertTrue(ink > 0.03 && ink < 0.45, d + " ink " + ink);
            meanInk[d.ordinal()] = ink;
        }
        // garments are filled silhouettes: much more ink than stroke domains
        assertTrue(meanInk[Domain.GARMENTS.ordinal()] > 1.5 * meanInk[Domain.DIGITS.ordinal()]);
        // per-pixel mean images of digits and letters differ clearly
        float[] dg = mean(ProceduralImages.generate(Domain.DIGITS, 500, 2).toFloatArray());
        float[] lt = mean(ProceduralImages.generate(Domain.LETTERS, 500, 2).toFloatArray());
        double diff = 0;
        for (int i = 0; i < dg.length; i++) {
            diff += Math.abs(dg[i] - lt[i]) / dg.length;
        }
        assertTrue(diff > 0.05, "mean images of digits and letters differ by " + diff);
        assertEquals(10, Domain.DIGITS.classes().size());
    }

    private static float[] mean(float[] v) {
        int d = 28 * 28;
        float[] m = new float[d];
        for (int i = 0; i < v.length; i++) {
            m[i % d] += v[i] / (v.length / d);
        }
        return m;
    }
}
