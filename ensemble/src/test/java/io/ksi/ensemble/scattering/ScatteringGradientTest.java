package io.ksi.ensemble.scattering;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.google.gson.JsonObject;
import io.ksi.bridge.Autograd;
import io.ksi.bridge.MemoryProbe;
import io.ksi.ensemble.feature.FeatureMap;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Autograd gradients of both feature maps against float64 central differences, and the Jacobian against VJPs. */
class ScatteringGradientTest extends WithTorchManager {
    static double[] gaussian(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = r.nextGaussian();
        }
        return v;
    }

    static ScatteringSpectra1D map1d(Reduction reduction) {
        Scattering1D t = new Scattering1D(256, 5, Wavelet.MORLET, Scattering1D.NU_MAX, reduction);
        try (NDManager m = manager.newSubManager()) {
            return ScatteringSpectra1D.frozenOn(
                    m.create(Reference1D.input()).get("0:256").reshape(1, 256), t, true);
        }
    }

    static ScatteringSpectra2D map2d() {
        Scattering2D t = new Scattering2D(16, 16, 3, 4, Reduction.ISO);
        try (NDManager m = manager.newSubManager()) {
            return ScatteringSpectra2D.frozenOn(
                    m.create(Scattering2DTest.field(16, 16, 5), new Shape(1, 16, 16)), t, true);
        }
    }

    /** w . phi(x + e v) by central differences vs the VJP (grad of w . phi) . v, for random w and v. */
    void directionalDerivative(FeatureMap map, Shape shape) {
        int d = (int) shape.size();
        double[] x0 = gaussian(d, 11);
        double[] v = gaussian(d, 12);
        double[] w = gaussian(map.size(), 13);
        try (NDManager m = manager.newSubManager()) {
            NDArray x = m.create(x0, new Shape(1).addAll(shape));
            NDArray grad = Autograd.vjp(map::apply, x, m.create(w));
            double analytic = 0;
            double[] g = grad.toDoubleArray();
            for (int i = 0; i < d; i++) {
                analytic += g[i] * v[i];
            }
            double eps = 1e-5;
            double[] plus = new double[d];
            double[] minus = new double[d];
            for (int i = 0; i < d; i++) {
                plus[i] = x0[i] + eps * v[i];
                minus[i] = x0[i] - eps * v[i];
            }
            double fp =
                    dot(map.apply(m.create(plus, new Shape(1).addAll(shape))).toDoubleArray(), w);
            double fm =
                    dot(map.apply(m.create(minus, new Shape(1).addAll(shape))).toDoubleArray(), w);
            double numeric = (fp - fm) / (2 * eps);
            // central differences err by eps^2 f''' and by rounding 1e-16 |f| / eps: both far below 1e-7 here
            assertEquals(
                    numeric, analytic, 1e-7 * Math.max(1, Math.abs(numeric)), map.name() + " directional derivative");
        }
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    @Test
    void gradients1dMatchFiniteDifferences() {
        directionalDerivative(map1d(Reduction.FULL), new Shape(256));
        directionalDerivative(map1d(Reduction.INVARIANT), new Shape(256));
    }

    @Test
    void gradients2dMatchFiniteDifferences() {
        directionalDerivative(map2d(), new Shape(16, 16));
    }

    /** Row i of the stacked-copies Jacobian is the VJP with e_i, for every sample of a batch. */
    void jacobianRowsAreVjps(FeatureMap map, Shape shape, int chunk) {
        int d = (int) shape.size();
        try (NDManager m = manager.newSubManager()) {
            double[] xs = new double[2 * d];
            System.arraycopy(gaussian(d, 21), 0, xs, 0, d);
            System.arraycopy(gaussian(d, 22), 0, xs, d, d);
            NDArray x = m.create(xs, new Shape(2).addAll(shape));
            NDArray jac = Autograd.jacobian(map::apply, x, map.size(), chunk);
            assertEquals(new Shape(map.size(), 2).addAll(shape), jac.getShape());
            double[] w = gaussian(map.size(), 23);
            // J^T w per sample, from the Jacobian and from one VJP
            double[] fromJac = m.create(w)
                    .reshape(1, -1)
                    .matMul(jac.reshape(map.size(), -1))
                    .toDoubleArray();
            double[] fromVjp = Autograd.vjp(map::apply, x, m.create(w)).toDoubleArray();
            double scale = 0;
            for (double v : fromVjp) {
                scale = Math.max(scale, Math.abs(v));
            }
            for (int i = 0; i < fromVjp.length; i++) {
                assertEquals(fromVjp[i], fromJac[i], 1e-10 * scale, "entry " + i);
            }
        }
    }

    @Test
    void jacobianByStackedCopiesEqualsVjps() {
        jacobianRowsAreVjps(map1d(Reduction.FULL), new Shape(256), 37);
        jacobianRowsAreVjps(map2d(), new Shape(16, 16), 50);
    }

    /**
     * Regression: with mul/div by Java numbers inside phi, DJL 0.35.1 freed a scalar autograd still used, and a
     * Jacobian changed (by up to 50%) when another input of the same shape ran before it and the GC had run.
     */
    @Test
    void jacobiansDoNotDependOnWhatRanBefore() {
        for (FeatureMap map : new FeatureMap[] {map1d(Reduction.FULL), map2d()}) {
            Shape shape = map instanceof ScatteringSpectra1D ? new Shape(4, 256) : new Shape(4, 16, 16);
            int d = (int) shape.size();
            try (NDManager m = manager.newSubManager()) {
                NDArray x = m.create(gaussian(d, 31), shape).toType(ai.djl.ndarray.types.DataType.FLOAT32, false);
                NDArray other = m.create(gaussian(d, 32), shape).toType(ai.djl.ndarray.types.DataType.FLOAT32, false);
                float[] first = Autograd.jacobian(map::apply, x, map.size(), 16, map.inputType())
                        .toFloatArray();
                for (int k = 0; k < 3; k++) {
                    Autograd.jacobian(map::apply, other, map.size(), 16, map.inputType())
                            .close();
                    System.gc();
                    float[] again = Autograd.jacobian(map::apply, x, map.size(), 16, map.inputType())
                            .toFloatArray();
                    org.junit.jupiter.api.Assertions.assertArrayEquals(first, again, map.name() + ": repeat " + k);
                }
            }
        }
    }

    @Test
    void frozenMapsSurviveTheirJson() {
        ScatteringSpectra1D a = map1d(Reduction.INVARIANT);
        JsonObject o = a.describe();
        ScatteringSpectra1D b = ScatteringSpectra1D.fromJson(o);
        assertEquals(a.size(), b.size());
        assertEquals(a.labels(), b.labels());
        ScatteringSpectra2D c = map2d();
        ScatteringSpectra2D e = ScatteringSpectra2D.fromJson(c.describe());
        try (NDManager m = manager.newSubManager()) {
            NDArray x = m.create(gaussian(256, 3), new Shape(1, 16, 16));
            assertEquals(c.apply(x).toDoubleArray()[100], e.apply(x).toDoubleArray()[100]);
            NDArray y = m.create(gaussian(256, 4), new Shape(1, 256));
            assertEquals(a.apply(y).toDoubleArray()[50], b.apply(y).toDoubleArray()[50]);
        }
    }

    @Test
    void repeatedJacobiansLeaveNoArraysBehind() {
        ScatteringSpectra1D map = map1d(Reduction.FULL);
        try (NDManager m = manager.newSubManager()) {
            NDArray x = m.create(gaussian(256, 5), new Shape(1, 256));
            int before = MemoryProbe.managedArrays(manager);
            for (int k = 0; k < 5; k++) {
                Autograd.jacobian(map::apply, x, map.size(), 64).close();
                Autograd.vjp(map::apply, x, m.create(new double[map.size()])).close();
            }
            // the only new arrays are the 5 weight vectors this loop attached to m
            assertEquals(before + 5, MemoryProbe.managedArrays(manager));
        }
    }

    @Test
    void countsFollowTheFormulas() {
        // docs/scattering-spec.md §1.7-1.9 and the reference counts at T = 6063
        var ref = Reference1D.JSON.getAsJsonObject("P_by_J_reference_T6063");
        for (int j = 6; j <= 10; j++) {
            Scattering1D s = new Scattering1D(6063, j, Wavelet.BATTLE_LEMARIE, Scattering1D.NU_MAX, Reduction.FULL);
            JsonObject r = ref.getAsJsonObject("J=" + j + ",skew_redundance=True");
            assertEquals(r.get("P_complex").getAsInt(), s.complexCount(), "P_c at J=" + j);
            assertEquals(r.get("P_real_split(Re+Im of non-real)").getAsInt(), s.featureCount(), "P_real at J=" + j);
            assertEquals((j * j * j - j) / 6 + j * j + 4 * j + 2, s.complexCount());
        }
        assertEquals(9, Scattering1D.defaultScales(6063));
        Scattering1D inv = new Scattering1D(6063, 9, Wavelet.BATTLE_LEMARIE, Scattering1D.NU_MAX, Reduction.INVARIANT);
        // 119 complex: J^2 + 4J + 2; real features add Im of the J skewness averages and the J(J-1)/2 - (J-1) kurtosis
        // ones with a != 0
        int complexInv = 9 * 9 + 4 * 9 + 2;
        assertEquals(119, complexInv);
        assertEquals(complexInv + 9 + (9 * 8 / 2 - 8), inv.featureCount());
    }

    @Test
    void errorsNameWhatWasExpected() {
        Scattering1D s = new Scattering1D(256, 5, Wavelet.MORLET, Scattering1D.NU_MAX, Reduction.FULL);
        try (NDManager m = manager.newSubManager()) {
            var e = org.junit.jupiter.api.Assertions.assertThrows(
                    IllegalArgumentException.class,
                    () -> s.features(m.create(new double[300]).reshape(1, 300), new double[6]));
            assertTrue(e.getMessage().contains("[B, 256]"), e.getMessage());
        }
        var e = org.junit.jupiter.api.Assertions.assertThrows(
                IllegalArgumentException.class,
                () -> new Scattering1D(256, 9, Wavelet.MORLET, Scattering1D.NU_MAX, Reduction.FULL));
        assertTrue(e.getMessage().contains("J = 9"), e.getMessage());
        var f = org.junit.jupiter.api.Assertions.assertThrows(
                IllegalArgumentException.class, () -> new Scattering2D(32, 32, 5, 4, Reduction.ISO));
        assertTrue(f.getMessage().contains("1 <= J <= 4"), f.getMessage());
    }
}
