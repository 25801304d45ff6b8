package io.ksi.models.data;

import ai.djl.ndarray.types.Shape;
import io.ksi.data.Dataset;
import java.util.SplittableRandom;

/**
 * Renders procedural handwriting-like images: every sample draws its class, then a random pen width, affine jitter
 * (rotation, scale, shear, shift) and a smooth elastic distortion, so samples vary the way MNIST's do. Sample i depends
 * only on (seed, i). Values in [-1, 1]: background -1, ink up to +1.
 */
public final class ProceduralImages {
    public static final int SIZE = 28;
    /** The value of a pixel with no ink. */
    public static final float BACKGROUND = -1f;

    private ProceduralImages() {}

    /**
     * What a cohort's training images add to its seed, so that they are not the images a fit or test draws with the
     * same seed.
     */
    public static final long TRAINING_SEED_OFFSET = 7919;

    public static Dataset generate(Domain domain, int n, long seed) {
        float[] out = new float[n * SIZE * SIZE];
        for (int i = 0; i < n; i++) {
            SplittableRandom r =
                    new SplittableRandom(seed * 0x9E3779B97F4A7C15L ^ (i + 1) * 0xBF58476D1CE4E5B9L ^ domain.ordinal());
            Glyph g = domain.classes().get(r.nextInt(domain.classes().size()));
            render(g, r, out, i * SIZE * SIZE);
        }
        return new Dataset(out, new Shape(1, SIZE, SIZE));
    }

    static void render(Glyph g, SplittableRandom r, float[] out, int offset) {
        Warp warp = new Warp(r);
        double pen = 1.5 + 1.6 * r.nextDouble();
        double ink = 0.75 + 0.25 * r.nextDouble();
        double fillInk = 0.35 + 0.6 * r.nextDouble();
        float[] img = new float[SIZE * SIZE];
        for (double[][] fill : g.fills()) {
            double[][] p = warp.apply(fill);
            for (int y = 0; y < SIZE; y++) {
                for (int x = 0; x < SIZE; x++) {
                    int inside = 0;
                    for (int sy = 0; sy < 2; sy++) {
                        for (int sx = 0; sx < 2; sx++) {
                            if (contains(p, x + 0.25 + 0.5 * sx, y + 0.25 + 0.5 * sy)) {
                                inside++;
                            }
                        }
                    }
                    img[y * SIZE + x] = Math.max(img[y * SIZE + x], (float) (fillInk * inside / 4.0));
                }
            }
        }
        for (double[][] stroke : g.strokes()) {
            double[][] p = warp.apply(stroke);
            for (int y = 0; y < SIZE; y++) {
                for (int x = 0; x < SIZE; x++) {
                    double d = distance(p, x + 0.5, y + 0.5);
                    double v = Math.max(0, Math.min(1, pen / 2 + 0.5 - d)) * ink;
                    img[y * SIZE + x] = Math.max(img[y * SIZE + x], (float) v);
                }
            }
        }
        for (int k = 0; k < img.length; k++) {
            out[offset + k] = 2 * img[k] + BACKGROUND;
        }
    }

    /** Affine jitter and elastic distortion from unit-square coordinates to pixel coordinates. */
    private static final class Warp {
        final double a;
        final double b;
        final double c;
        final double d;
        final double tx;
        final double ty;
        final double[] freq = new double[6];
        final double[] phase = new double[6];
        final double amp;

        Warp(SplittableRandom r) {
            double rot = (r.nextDouble() - 0.5) * 0.4;
            double sx = 0.8 + 0.25 * r.nextDouble();
            double sy = sx * (0.9 + 0.2 * r.nextDouble());
            double shear = (r.nextDouble() - 0.5) * 0.5;
            a = sx * Math.cos(rot);
            b = sx * (shear * Math.cos(rot) - Math.sin(rot));
            c = sy * Math.sin(rot);
            d = sy * (shear * Math.sin(rot) + Math.cos(rot));
            tx = (r.nextDouble() - 0.5) * 0.12;
            ty = (r.nextDouble() - 0.5) * 0.12;
            for (int k = 0; k < 6; k++) {
                freq[k] = 2 + 4 * r.nextDouble();
                phase[k] = 2 * Math.PI * r.nextDouble();
            }
            amp = 0.015 + 0.02 * r.nextDouble();
        }

        double[][] apply(double[][] pts) {
            double[][] out = new double[pts.length][];
            for (int i = 0; i < pts.length; i++) {
                double x = pts[i][0] - 0.5;
                double y = pts[i][1] - 0.5;
                double ex = amp
                        * (Math.sin(freq[0] * x + phase[0])
                                + Math.sin(freq[1] * y + phase[1])
                                + Math.sin(freq[2] * (x + y) + phase[2]));
                double ey = amp
                        * (Math.sin(freq[3] * y + phase[3])
                                + Math.sin(freq[4] * x + phase[4])
                                + Math.sin(freq[5] * (x - y) + phase[5]));
                double u = a * x + b * y + tx + ex + 0.5;
                double v = c * x + d * y + ty + ey + 0.5;
                out[i] = new double[] {u * SIZE, v * SIZE};
            }
            return out;
        }
    }

    private static double distance(double[][] p, double x, double y) {
        double best = Double.POSITIVE_INFINITY;
        for (int i = 0; i + 1 < p.length; i++) {
            double ax = p[i][0];
            double ay = p[i][1];
            double dx = p[i + 1][0] - ax;
            double dy = p[i + 1][1] - ay;
            double len2 = dx * dx + dy * dy;
            double s = len2 == 0 ? 0 : Math.max(0, Math.min(1, ((x - ax) * dx + (y - ay) * dy) / len2));
            double ex = ax + s * dx - x;
            double ey = ay + s * dy - y;
            best = Math.min(best, ex * ex + ey * ey);
        }
        return Math.sqrt(best);
    }

    private static boolean contains(double[][] poly, double x, double y) {
        boolean in = false;
        for (int i = 0, j = poly.length - 1; i < poly.length; j = i++) {
            if ((poly[i][1] > y) != (poly[j][1] > y)
                    && x < (poly[j][0] - poly[i][0]) * (y - poly[i][1]) / (poly[j][1] - poly[i][1]) + poly[i][0]) {
                in = !in;
            }
        }
        return in;
    }
}
