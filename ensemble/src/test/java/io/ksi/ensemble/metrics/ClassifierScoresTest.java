package io.ksi.ensemble.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** FID and the class statistics against closed forms. */
class ClassifierScoresTest {
    @Test
    void frechetDistanceMatchesTheClosedFormForCommutingCovariances() {
        // diagonal covariances commute: Tr (S1 S2)^(1/2) = sum sqrt(a_i b_i), so FID = |dmu|^2 + sum (sqrt a - sqrt
        // b)^2
        double[] a = {1.0, 4.0, 0.25};
        double[] b = {9.0, 1.0, 0.25};
        double[][] s1 = {{a[0], 0, 0}, {0, a[1], 0}, {0, 0, a[2]}};
        double[][] s2 = {{b[0], 0, 0}, {0, b[1], 0}, {0, 0, b[2]}};
        double exact = 1 + 4 + 0 + (1 - 3) * (1 - 3) + (2 - 1) * (2 - 1);
        assertEquals(exact, ClassifierScores.frechet(new double[] {1, 2, 3}, s1, new double[] {0, 0, 3}, s2), 1e-12);
    }

    @Test
    void frechetDistanceIsInvariantToARotationOfBoth() {
        double[][] s1 = {{2.0, 0.6}, {0.6, 1.0}};
        double[][] s2 = {{1.0, -0.3}, {-0.3, 0.5}};
        double c = Math.cos(0.7);
        double s = Math.sin(0.7);
        double[][] r = {{c, -s}, {s, c}};
        double base = ClassifierScores.frechet(new double[] {0, 0}, s1, new double[] {1, -1}, s2);
        double rotated = ClassifierScores.frechet(
                new double[] {0, 0}, rotate(r, s1), mult(r, new double[] {1, -1}), rotate(r, s2));
        assertEquals(base, rotated, 1e-12);
    }

    @Test
    void sampleFidOfTwoDrawsOfOneGaussianIsItsFiniteSampleBias() {
        SplittableRandom g = new SplittableRandom(3);
        float[][] x = new float[20000][4];
        float[][] y = new float[20000][4];
        for (int i = 0; i < x.length; i++) {
            for (int j = 0; j < 4; j++) {
                x[i][j] = (float) g.nextGaussian();
                y[i][j] = (float) g.nextGaussian();
            }
        }
        // E[FID] ~ 2 d / n for the means plus the covariance term of the same order: a few 1e-4 here
        assertEquals(0, ClassifierScores.fid(x, y), 2e-3);
    }

    @Test
    void classStatisticsCountTopClassesAndConfidence() {
        float[][] p = {{0.95f, 0.05f}, {0.2f, 0.8f}, {0.1f, 0.9f}, {0.99f, 0.01f}};
        float[][] f = {{0}, {1}, {2}, {3}};
        ClassifierScores.Scores s = ClassifierScores.of(p, f, f, new float[] {-1, 1, 0, 0});
        assertEquals(0.5, s.recognized(), 1e-12, "0.95 and 0.99 are above 0.9; 0.9 itself is not");
        assertEquals((0.95 + 0.8 + 0.9 + 0.99) / 4, s.meanConfidence(), 1e-6);
        assertEquals(Math.log(2), s.classEntropy(), 1e-12);
        assertEquals(0.5, s.meanInk(), 1e-12);
        assertEquals(0, s.fid(), 1e-9);
    }

    private static double[][] rotate(double[][] r, double[][] s) {
        double[][] out = new double[2][2];
        for (int i = 0; i < 2; i++) {
            for (int j = 0; j < 2; j++) {
                for (int k = 0; k < 2; k++) {
                    for (int l = 0; l < 2; l++) {
                        out[i][j] += r[i][k] * s[k][l] * r[j][l];
                    }
                }
            }
        }
        return out;
    }

    private static double[] mult(double[][] r, double[] v) {
        return new double[] {r[0][0] * v[0] + r[0][1] * v[1], r[1][0] * v[0] + r[1][1] * v[1]};
    }
}
