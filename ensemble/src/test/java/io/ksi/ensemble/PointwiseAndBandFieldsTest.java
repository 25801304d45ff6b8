package io.ksi.ensemble;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.ksi.bridge.LoadOptions;
import io.ksi.ensemble.feature.BandField;
import io.ksi.ensemble.feature.FeatureField;
import io.ksi.ensemble.feature.FieldCodec;
import io.ksi.ensemble.feature.SaturatingField;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Band-pass shell fields against a literal DFT; the saturating field against its formula; both survive a save. */
class PointwiseAndBandFieldsTest {
    static final int H = 8;
    static final int W = 12;

    @Test
    void shellFieldsAreTheDftProjectionsAndSumToTheFieldMinusItsMean() {
        float[] x = random(2 * H * W, 3);
        List<FeatureField> shells = BandField.shells(H, W);
        double[] sum = new double[x.length];
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            NDArray a = m.create(x, new Shape(2, H, W));
            for (FeatureField f : shells) {
                BandField b = (BandField) f;
                float[] got = f.evaluate(a, 0.3).toFloatArray();
                for (int s = 0; s < 2; s++) {
                    double[] want = naiveProjection(x, s, b);
                    for (int i = 0; i < H * W; i++) {
                        assertEquals(want[i], got[s * H * W + i], 1e-5, f.name() + " sample " + s + " pixel " + i);
                        sum[s * H * W + i] += got[s * H * W + i];
                    }
                }
            }
        }
        for (int s = 0; s < 2; s++) {
            double mean = 0;
            for (int i = 0; i < H * W; i++) {
                mean += x[s * H * W + i] / (H * W);
            }
            for (int i = 0; i < H * W; i++) {
                assertEquals(
                        x[s * H * W + i] - mean, sum[s * H * W + i], 1e-5, "shells partition every mode but k = 0");
            }
        }
    }

    @Test
    void saturatingFieldIsLinearForSmallValuesAndFadesForLargeOnes() {
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            float[] got = new SaturatingField(2)
                    .evaluate(m.create(new float[] {-6, -0.01f, 0, 2, 100}), 0.5)
                    .toFloatArray();
            assertArrayEquals(new float[] {-6f / 10, -0.01f / 1.000025f, 0, 1, 100f / 2501}, got, 1e-6f);
        }
        assertThrows(IllegalArgumentException.class, () -> new SaturatingField(0));
        assertThrows(IllegalArgumentException.class, () -> new BandField(H, W, 40, 50));
    }

    @Test
    void bandAndSaturatingFieldsSurviveTheEnsembleCodec() {
        List<FeatureField> fields = new ArrayList<>(BandField.shells(H, W));
        fields.add(new SaturatingField(0.5));
        float[] x = random(H * W, 5);
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            NDArray a = m.create(x, new Shape(1, H, W));
            for (FeatureField f : fields) {
                FeatureField back = FieldCodec.fromJson(
                        FieldCodec.toJson(f, Path.of("."), new ArrayList<>()),
                        Path.of("e.json"),
                        LoadOptions.DEFAULT,
                        new ArrayList<>());
                assertEquals(f.name(), back.name());
                assertArrayEquals(
                        f.evaluate(a, 0.1).toFloatArray(), back.evaluate(a, 0.1).toFloatArray(), 0f, f.name());
            }
        }
    }

    @Test
    void bandFieldNamesTheShapeItExpected() {
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            NDArray wrong = m.zeros(new Shape(1, W, H));
            IllegalArgumentException e = assertThrows(
                    IllegalArgumentException.class,
                    () -> BandField.shells(H, W).get(0).evaluate(wrong, 0.5));
            assertTrue(e.getMessage().contains("[..., 8, 12]"), e.getMessage());
        }
    }

    /** Real part of sum over modes in the band of x̂_k e^{2 pi i k.n / N} / (H W), x̂ by the literal DFT. */
    private static double[] naiveProjection(float[] x, int sample, BandField b) {
        double[] out = new double[H * W];
        for (int ky = 0; ky < H; ky++) {
            for (int kx = 0; kx < W; kx++) {
                double fy = ky <= H / 2 ? ky : ky - H;
                double fx = kx <= W / 2 ? kx : kx - W;
                double k = Math.sqrt(fx * fx + fy * fy);
                if (k == 0 || k < b.lo() || k >= b.hi()) {
                    continue;
                }
                double re = 0;
                double im = 0;
                for (int py = 0; py < H; py++) {
                    for (int px = 0; px < W; px++) {
                        double ph = -2 * Math.PI * ((double) ky * py / H + (double) kx * px / W);
                        double v = x[sample * H * W + py * W + px];
                        re += v * Math.cos(ph);
                        im += v * Math.sin(ph);
                    }
                }
                for (int py = 0; py < H; py++) {
                    for (int px = 0; px < W; px++) {
                        double ph = 2 * Math.PI * ((double) ky * py / H + (double) kx * px / W);
                        out[py * W + px] += (re * Math.cos(ph) - im * Math.sin(ph)) / (H * W);
                    }
                }
            }
        }
        return out;
    }

    private static float[] random(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) (r.nextDouble() * 2 - 1);
        }
        return x;
    }
}
