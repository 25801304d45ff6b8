package io.ksi.ensemble.scattering;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** 1D coefficients, filters and gradients against the public reference (docs/scattering-spec.md §7): relative 1e-10. */
class Scattering1DReferenceTest extends WithTorchManager {
    static final double REL = 1e-10;
    static final double ABS = 1e-12;

    static Scattering1D transform(Wavelet w) {
        return new Scattering1D(1024, 7, w, Scattering1D.NU_MAX, Reduction.FULL);
    }

    static NDArray x(NDManager m) {
        return m.create(Reference1D.input(), new Shape(1, 1024));
    }

    @ParameterizedTest
    @ValueSource(strings = {"battle_lemarie", "morlet"})
    void powerSpectrumAndEveryCoefficientMatch(String wavelet) {
        JsonObject run = Reference1D.run(wavelet);
        Scattering1D s = transform(Wavelet.parse(wavelet));
        assertEquals(run.get("P").getAsInt(), s.complexCount());
        try (NDManager m = manager.newSubManager()) {
            NDArray x = x(m);
            double[] sigma2 = s.powerSpectrum(x);
            double[] want = Reference1D.doubles(run, "sigma2_j0_to_J");
            for (int j = 0; j < want.length; j++) {
                assertTrue(
                        Reference1D.close(sigma2[j], want[j], REL, ABS),
                        "sigma2[" + j + "] " + sigma2[j] + " vs " + want[j]);
            }
            double[] c = s.complexCoefficients(x, sigma2).toDoubleArray();
            double[] re = Reference1D.doubles(run, "all_re");
            double[] im = Reference1D.doubles(run, "all_im");
            JsonArray index = run.getAsJsonArray("all_index");
            int jj = 7;
            for (int k = 0; k < re.length; k++) {
                // analyze() with keep_ps reports the raw mean and variances: undo the normalization there
                String type = index.get(k).getAsJsonArray().get(0).getAsString();
                double scale = switch (type) {
                    case "mean" -> Math.sqrt(sigma2[jj]);
                    case "variance" -> sigma2[k - (jj + 1)];
                    default -> 1;
                };
                String label = s.complexLabels().get(k);
                assertTrue(label.startsWith(type), k + ": " + label + " vs reference " + index.get(k));
                // the tolerance of §7 applies to the complex coefficient: its modulus sets the scale of Re and Im
                double tol = Math.hypot(re[k], im[k]) < 1e-6 ? ABS : REL * Math.hypot(re[k], im[k]);
                assertEquals(re[k], c[2 * k] * scale, tol, k + " " + label + " Re");
                assertEquals(im[k], c[2 * k + 1] * scale, tol, k + " " + label + " Im");
            }
        }
    }

    @Test
    void labelsFollowTheReferenceIndexTuples() {
        Scattering1D s = transform(Wavelet.BATTLE_LEMARIE);
        JsonArray index = Reference1D.run("battle_lemarie").getAsJsonArray("all_index");
        for (int k = 0; k < index.size(); k++) {
            JsonArray t = index.get(k).getAsJsonArray();
            String type = t.get(0).getAsString();
            String want = switch (type) {
                case "spars" -> "spars[" + t.get(1).getAsInt() + "]";
                case "mean" -> "mean";
                case "variance" -> "variance[" + t.get(1).getAsInt() + "]";
                case "skewness" ->
                    "skewness[j=" + t.get(1).getAsInt() + ",j'=" + t.get(2).getAsInt() + "]";
                default ->
                    "kurtosis[j1=" + t.get(1).getAsInt() + ",j1'=" + t.get(2).getAsInt() + ",j2="
                            + t.get(3).getAsInt() + "]";
            };
            assertEquals(want, s.complexLabels().get(k), "coefficient " + k);
        }
    }

    @Test
    void battleLemarieFiltersMatchTheReferenceSamples() {
        JsonObject f = Reference1D.JSON.getAsJsonObject("frozen_norm_model").getAsJsonObject("filters_fourier_T2048");
        double[] bins = Reference1D.doubles(f, "bins");
        JsonArray rows = f.getAsJsonArray("values");
        double[][] bank = transform(Wavelet.BATTLE_LEMARIE).filters();
        for (int j = 0; j < rows.size(); j++) {
            JsonArray row = rows.get(j).getAsJsonArray();
            for (int i = 0; i < bins.length; i++) {
                double want = row.get(i).getAsDouble();
                double got = bank[j][(int) bins[i]];
                assertTrue(
                        Reference1D.close(got, want, REL, 1e-14),
                        "filter " + j + " bin " + (int) bins[i] + ": " + got + " vs " + want);
            }
        }
    }

    @Test
    void frozenNormalizedVectorAndItsGradientsMatch() {
        JsonObject f = Reference1D.JSON.getAsJsonObject("frozen_norm_model");
        Scattering1D s = transform(Wavelet.BATTLE_LEMARIE);
        try (NDManager m = manager.newSubManager()) {
            double[] sigma2 = s.powerSpectrum(x(m));
            double[] first = Reference1D.doubles(f, "first20_re");
            double[] c = s.complexCoefficients(x(m), sigma2).toDoubleArray();
            for (int k = 0; k < first.length; k++) {
                assertTrue(Reference1D.close(c[2 * k], first[k], REL, ABS), k + ": " + c[2 * k] + " vs " + first[k]);
            }
            double[] g = gradient(s, sigma2, m, z -> z.get(":, :, 0").sum());
            double[] head = Reference1D.doubles(f, "grad_of_sum_re_all_coeffs_x0_to_x7");
            double[] tail = Reference1D.doubles(f, "grad_of_sum_re_all_coeffs_x1016_to_x1023");
            for (int i = 0; i < 8; i++) {
                assertTrue(Reference1D.close(g[i], head[i], REL, ABS), "d/dx" + i + ": " + g[i] + " vs " + head[i]);
                assertTrue(Reference1D.close(g[1016 + i], tail[i], REL, ABS), "d/dx" + (1016 + i));
            }
            double norm = 0;
            for (double v : g) {
                norm += v * v;
            }
            assertTrue(Reference1D.close(
                    Math.sqrt(norm), f.get("grad_norm_of_sum_re").getAsDouble(), REL, ABS));
            int kk = f.get("kurtosis_index_used").getAsInt();
            double[] gk = gradient(s, sigma2, m, z -> z.get(":, " + kk + ", 0").sum());
            double[] wantK = Reference1D.doubles(f, "grad_of_re_coeff_k_kurt_x0_to_x7");
            int ks = f.get("skewness_index_used").getAsInt();
            double[] gs = gradient(s, sigma2, m, z -> z.get(":, " + ks + ", 1").sum());
            double[] wantS = Reference1D.doubles(f, "grad_of_im_coeff_k_sk_x0_to_x7");
            for (int i = 0; i < 8; i++) {
                assertTrue(
                        Reference1D.close(gk[i], wantK[i], REL, ABS),
                        "kurtosis gradient " + i + ": " + gk[i] + " vs " + wantK[i]);
                assertTrue(
                        Reference1D.close(gs[i], wantS[i], REL, ABS),
                        "skewness gradient " + i + ": " + gs[i] + " vs " + wantS[i]);
            }
        }
    }

    private static double[] gradient(
            Scattering1D s, double[] sigma2, NDManager m, java.util.function.Function<NDArray, NDArray> pick) {
        NDArray x = x(m);
        x.setRequiresGradient(true);
        try (GradientCollector gc = Engine.getEngine("PyTorch").newGradientCollector()) {
            gc.backward(pick.apply(s.complexCoefficients(x, sigma2)));
        }
        return x.getGradient().toDoubleArray();
    }
}
