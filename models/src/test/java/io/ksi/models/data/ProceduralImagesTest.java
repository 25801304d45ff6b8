package io.ksi.models.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ksi.data.Dataset;
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
                assertTrue(x >= -1f && x <= 1f, d + " value " + x);
                ink += (x + 1) / 2 / v.length;
            }
            // strokes cover a few percent to a third of the square, never nothing or everything
            assertTrue(ink > 0.03 && ink < 0.45, d + " ink " + ink);
            meanInk[d.ordinal()] = ink;
        }
        // distinct domains: a nearest-centroid classifier on raw pixels tells fresh samples apart far above the 1/4 of
        // chance (0.5 is 16 binomial standard errors above it; raw-pixel centroids are a weak classifier for strokes)
        Domain[] all = Domain.values();
        float[][] centroid = new float[all.length][];
        for (Domain d : all) {
            centroid[d.ordinal()] = mean(ProceduralImages.generate(d, 500, 2).toFloatArray());
        }
        int right = 0;
        int total = 0;
        for (Domain d : all) {
            float[] v = ProceduralImages.generate(d, 200, 3).toFloatArray();
            for (int i = 0; i < 200; i++) {
                int best = -1;
                double bestDist = Double.POSITIVE_INFINITY;
                for (int c = 0; c < all.length; c++) {
                    double dist = 0;
                    for (int k = 0; k < 784; k++) {
                        double e = v[i * 784 + k] - centroid[c][k];
                        dist += e * e;
                    }
                    if (dist < bestDist) {
                        bestDist = dist;
                        best = c;
                    }
                }
                right += best == d.ordinal() ? 1 : 0;
                total++;
            }
        }
        assertTrue(right > 0.5 * total, "nearest-centroid accuracy " + right + "/" + total);
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
