package io.ksi.ensemble.metrics;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/** Isotropic power spectra of periodic square fields: by integer wavenumber shell and by octave. */
public final class PowerSpectrum {
    private PowerSpectrum() {}

    /** Mean over fields of sum_{|k| in [s - 1/2, s + 1/2)} |x̂_k|^2 / n^4, for shells s = 1 .. n/2. */
    public static double[] shells(float[][] fields, int n) {
        double[] p = new double[n / 2 + 1];
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            for (float[] f : fields) {
                double[] v = m.create(f, new Shape(n, n))
                        .toType(ai.djl.ndarray.types.DataType.FLOAT64, false)
                        .fft2(new long[] {n, n})
                        .abs()
                        .square()
                        .toDoubleArray();
                for (int a = 0; a < n; a++) {
                    for (int b = 0; b < n; b++) {
                        double x = a < n / 2 ? a : a - n;
                        double y = b < n / 2 ? b : b - n;
                        int s = (int) Math.round(Math.sqrt(x * x + y * y));
                        if (s >= 1 && s <= n / 2) {
                            p[s] += v[a * n + b] / ((double) n * n * n * n) / fields.length;
                        }
                    }
                }
            }
        }
        return p;
    }

    /** Power summed over octaves [2^o, 2^{o+1}) of the shell spectrum, o = 0 .. log2(n/2) - 1. */
    public static double[] octaves(double[] shells) {
        int count = (int) Math.round(Math.log(shells.length - 1) / Math.log(2));
        double[] o = new double[count];
        for (int s = 1; s < shells.length; s++) {
            int k = (int) Math.floor(Math.log(s) / Math.log(2));
            if (k < count) {
                o[k] += shells[s];
            }
        }
        return o;
    }
}
