package io.ksi.ensemble;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.ksi.data.Dataset;
import io.ksi.ensemble.feature.AffineField;
import io.ksi.ensemble.feature.FeatureField;
import io.ksi.ensemble.interpolant.Schedule;
import java.util.SplittableRandom;
import org.ejml.simple.SimpleMatrix;

/**
 * A Gaussian target N(m, S) with its exact velocity under any schedule: b_t(x) = beta'_t m + M_t C_t^{-1} (x - beta_t
 * m), C_t = alpha^2 I + beta^2 S, M_t = alpha alpha' I + beta beta' S.
 */
final class GaussianTarget {
    final double[] mean;
    final double[][] cov;
    final int d;

    GaussianTarget(double[] mean, double[][] cov) {
        this.mean = mean;
        this.cov = cov;
        this.d = mean.length;
    }

    static GaussianTarget threeD() {
        return new GaussianTarget(
                new double[] {1.0, -2.0, 0.5}, new double[][] {{1.0, 0.4, -0.2}, {0.4, 0.5, 0.1}, {-0.2, 0.1, 2.0}});
    }

    /** A_t with b_t(x) = A_t x + c_t. */
    SimpleMatrix a(Schedule s, double t) {
        SimpleMatrix sm = new SimpleMatrix(cov);
        SimpleMatrix id = SimpleMatrix.identity(d);
        double al = s.alpha(t);
        double be = s.beta(t);
        SimpleMatrix c = id.scale(al * al).plus(sm.scale(be * be));
        SimpleMatrix m = id.scale(al * s.alphaDot(t)).plus(sm.scale(be * s.betaDot(t)));
        return m.mult(c.invert());
    }

    double[] c(Schedule s, double t) {
        SimpleMatrix m = new SimpleMatrix(d, 1, true, mean);
        SimpleMatrix c = m.scale(s.betaDot(t)).minus(a(s, t).mult(m.scale(s.beta(t))));
        double[] out = new double[d];
        for (int i = 0; i < d; i++) {
            out[i] = c.get(i, 0);
        }
        return out;
    }

    /** The exact coefficients on {@link AffineField#basis(int)}: constants first, then x_j e_i. */
    double[] exactEta(Schedule s, double t) {
        double[] eta = new double[d + d * d];
        double[] c = c(s, t);
        SimpleMatrix a = a(s, t);
        System.arraycopy(c, 0, eta, 0, d);
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                eta[d + i * d + j] = a.get(i, j);
            }
        }
        return eta;
    }

    /** The exact velocity as a feature field (plus sign * e, a fixed affine perturbation). */
    FeatureField exactField(Schedule s, String name, double[][] pertA, double[] pertC, double sign) {
        GaussianTarget g = this;
        return new FeatureField() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public NDArray evaluate(NDArray x, double t) {
                double[][] a = g.a(s, t).toArray2();
                double[] c = g.c(s, t);
                for (int i = 0; i < d; i++) {
                    c[i] += sign * pertC[i];
                    for (int j = 0; j < d; j++) {
                        a[i][j] += sign * pertA[i][j];
                    }
                }
                return new AffineField(name, a, c).evaluate(x, t);
            }

            @Override
            public com.google.gson.JsonObject describe() {
                throw new UnsupportedOperationException();
            }
        };
    }

    Dataset samples(int n, long seed) {
        var chol = org.ejml.dense.row.factory.DecompositionFactory_DDRM.chol(d, true);
        if (!chol.decompose(new org.ejml.data.DMatrixRMaj(cov))) {
            throw new IllegalArgumentException("covariance is not positive definite");
        }
        org.ejml.data.DMatrixRMaj l = chol.getT(null);
        SplittableRandom r = new SplittableRandom(seed);
        float[] v = new float[n * d];
        for (int k = 0; k < n; k++) {
            double[] z = new double[d];
            for (int i = 0; i < d; i++) {
                z[i] = r.nextGaussian();
            }
            for (int i = 0; i < d; i++) {
                double s = mean[i];
                for (int j = 0; j < d; j++) {
                    s += l.get(i, j) * z[j];
                }
                v[k * d + i] = (float) s;
            }
        }
        return new Dataset(v, new Shape(d));
    }

    static double[] mean(double[] x, int d) {
        int n = x.length / d;
        double[] m = new double[d];
        for (int k = 0; k < n; k++) {
            for (int i = 0; i < d; i++) {
                m[i] += x[k * d + i] / n;
            }
        }
        return m;
    }

    static double[][] cov(double[] x, int d) {
        int n = x.length / d;
        double[] m = mean(x, d);
        double[][] c = new double[d][d];
        for (int k = 0; k < n; k++) {
            for (int i = 0; i < d; i++) {
                for (int j = 0; j < d; j++) {
                    c[i][j] += (x[k * d + i] - m[i]) * (x[k * d + j] - m[j]) / (n - 1);
                }
            }
        }
        return c;
    }

    static double[] toDouble(NDArray a) {
        float[] f = a.toFloatArray();
        double[] out = new double[f.length];
        for (int i = 0; i < f.length; i++) {
            out[i] = f[i];
        }
        return out;
    }

    static NDManager manager() {
        return NDManager.newBaseManager("PyTorch");
    }
}
