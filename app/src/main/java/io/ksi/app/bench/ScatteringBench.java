package io.ksi.app.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.ksi.bridge.Autograd;
import io.ksi.ensemble.feature.FeatureMap;
import io.ksi.ensemble.scattering.Reduction;
import io.ksi.ensemble.scattering.Scattering1D;
import io.ksi.ensemble.scattering.Scattering2D;
import io.ksi.ensemble.scattering.ScatteringSpectra1D;
import io.ksi.ensemble.scattering.ScatteringSpectra2D;
import io.ksi.ensemble.scattering.Wavelet;
import java.util.Arrays;

/**
 * Cost of the scattering feature maps per sample: forward, one VJP (the drift), the full Jacobian (the Gram matrix).
 */
final class ScatteringBench implements Benchmark {
    @Override
    public void run(BenchSettings s) {
        run(s.repeats());
    }

    static void run(int repeats) {
        System.out.println(
                "## scattering: ms per sample (median of " + repeats + "), float32; Jacobian by stacked copies");
        System.out.println("| map | P | forward | VJP | Jacobian | Jacobian / forward | Jacobian / (P x forward) |");
        System.out.println("|---|---|---|---|---|---|---|");
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            NDArray series = m.randomNormal(new Shape(1, 1859));
            Scattering1D t1 = new Scattering1D(1859, 7, Wavelet.BATTLE_LEMARIE, Scattering1D.NU_MAX, Reduction.FULL);
            measure("1D T=1859 J=7 full", ScatteringSpectra1D.frozenOn(series, t1, false), series, repeats);
            Scattering1D t1i =
                    new Scattering1D(1859, 7, Wavelet.BATTLE_LEMARIE, Scattering1D.NU_MAX, Reduction.INVARIANT);
            measure("1D T=1859 J=7 invariant", ScatteringSpectra1D.frozenOn(series, t1i, false), series, repeats);
            NDArray field = m.randomNormal(new Shape(1, 64, 64));
            for (Reduction r : new Reduction[] {Reduction.ISO_ISO, Reduction.ISO}) {
                Scattering2D t2 = new Scattering2D(64, 64, 4, 4, r);
                measure(
                        "2D 64x64 J=4 L=4 " + r.name().toLowerCase(),
                        ScatteringSpectra2D.frozenOn(field, t2, false),
                        field,
                        repeats);
            }
        }
    }

    private static void measure(String name, FeatureMap map, NDArray x, int repeats) {
        NDArray w = x.getManager().ones(new Shape(map.size()));
        double[] f = new double[repeats];
        double[] v = new double[repeats];
        double[] j = new double[repeats];
        for (int r = -1; r < repeats; r++) {
            try (NDManager s = x.getManager().newSubManager()) {
                NDArray xs = x.toType(DataType.FLOAT32, true);
                xs.attach(s);
                long t0 = System.nanoTime();
                map.apply(xs).toFloatArray();
                long t1 = System.nanoTime();
                Autograd.vjp(map::apply, xs, w, map.inputType()).toFloatArray();
                long t2 = System.nanoTime();
                Autograd.jacobian(map::apply, xs, map.size(), map.jacobianChunk(), map.inputType())
                        .toFloatArray();
                long t3 = System.nanoTime();
                if (r >= 0) {
                    f[r] = (t1 - t0) / 1e6;
                    v[r] = (t2 - t1) / 1e6;
                    j[r] = (t3 - t2) / 1e6;
                }
            }
        }
        double fm = median(f);
        double jm = median(j);
        System.out.printf(
                "| %s | %d | %.1f | %.1f | %.0f | %.0f | %.2f |%n",
                name, map.size(), fm, median(v), jm, jm / fm, jm / (map.size() * fm));
    }

    private static double median(double[] v) {
        double[] c = v.clone();
        Arrays.sort(c);
        return c[c.length / 2];
    }
}
