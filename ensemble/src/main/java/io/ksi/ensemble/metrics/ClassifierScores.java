package io.ksi.ensemble.metrics;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;

/**
 * How the field judges image samples with a trained classifier: FID in its feature space against reference images, the
 * mean top-class confidence, the share recognized with confidence above 0.9, the entropy of the predicted-class
 * histogram (ln 10 = 2.30 for uniform coverage of ten classes), and the mean ink.
 */
public final class ClassifierScores {
    /** Confidence above which a sample counts as recognized. */
    public static final double RECOGNIZED = 0.9;

    /**
     * @param fid Fréchet distance between Gaussians fitted to the sample and reference features
     * @param classCounts samples per predicted class
     * @param meanInk mean pixel intensity on [0, 1] (pixels stored on [-1, 1])
     */
    public record Scores(
            double fid,
            double meanConfidence,
            double recognized,
            double classEntropy,
            double meanInk,
            int[] classCounts) {}

    private ClassifierScores() {}

    /**
     * @param probabilities per sample, the classifier's softmax
     * @param features per sample, its penultimate layer
     * @param referenceFeatures the same for the reference images (held-out data)
     * @param pixels the samples' pixels on [-1, 1]
     */
    public static Scores of(float[][] probabilities, float[][] features, float[][] referenceFeatures, float[] pixels) {
        int n = probabilities.length;
        int classes = probabilities[0].length;
        int[] counts = new int[classes];
        double confidence = 0;
        int recognized = 0;
        for (float[] p : probabilities) {
            int best = 0;
            for (int c = 1; c < classes; c++) {
                best = p[c] > p[best] ? c : best;
            }
            counts[best]++;
            confidence += p[best];
            recognized += p[best] > RECOGNIZED ? 1 : 0;
        }
        double entropy = 0;
        for (int c : counts) {
            if (c > 0) {
                double q = (double) c / n;
                entropy -= q * Math.log(q);
            }
        }
        double ink = 0;
        for (float v : pixels) {
            ink += (Math.min(1, Math.max(-1, v)) + 1) / 2;
        }
        return new Scores(
                fid(features, referenceFeatures),
                confidence / n,
                (double) recognized / n,
                entropy,
                ink / pixels.length,
                counts);
    }

    /** FID between two sets of feature rows: the Fréchet distance of the Gaussians with their means and covariances. */
    public static double fid(float[][] a, float[][] b) {
        double[] ma = mean(a);
        double[] mb = mean(b);
        return frechet(ma, covariance(a, ma), mb, covariance(b, mb));
    }

    /**
     * |mu1 - mu2|^2 + Tr(S1 + S2 - 2 (S1 S2)^(1/2)), with Tr (S1 S2)^(1/2) = sum of the square roots of the eigenvalues
     * of the symmetric S1^(1/2) S2 S1^(1/2) (negative round-off clamped to 0).
     */
    public static double frechet(double[] mu1, double[][] s1, double[] mu2, double[][] s2) {
        int d = mu1.length;
        double dist = 0;
        for (int i = 0; i < d; i++) {
            dist += (mu1[i] - mu2[i]) * (mu1[i] - mu2[i]);
        }
        DMatrixRMaj a = new DMatrixRMaj(s1);
        DMatrixRMaj b = new DMatrixRMaj(s2);
        DMatrixRMaj root = sqrtSymmetric(a);
        DMatrixRMaj tmp = new DMatrixRMaj(d, d);
        DMatrixRMaj m = new DMatrixRMaj(d, d);
        CommonOps_DDRM.mult(root, b, tmp);
        CommonOps_DDRM.mult(tmp, root, m);
        symmetrize(m);
        double traceRoot = 0;
        for (double e : eigenvalues(m)) {
            traceRoot += Math.sqrt(Math.max(0, e));
        }
        return dist + CommonOps_DDRM.trace(a) + CommonOps_DDRM.trace(b) - 2 * traceRoot;
    }

    private static DMatrixRMaj sqrtSymmetric(DMatrixRMaj s) {
        int d = s.numRows;
        EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(d, true, true);
        if (!eig.decompose(s.copy())) {
            throw new IllegalStateException("eigendecomposition of a covariance failed");
        }
        DMatrixRMaj out = new DMatrixRMaj(d, d);
        for (int k = 0; k < d; k++) {
            double lambda = Math.sqrt(Math.max(0, eig.getEigenvalue(k).getReal()));
            DMatrixRMaj v = eig.getEigenVector(k);
            for (int i = 0; i < d; i++) {
                for (int j = 0; j < d; j++) {
                    out.add(i, j, lambda * v.get(i) * v.get(j));
                }
            }
        }
        return out;
    }

    private static double[] eigenvalues(DMatrixRMaj m) {
        EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(m.numRows, false, true);
        if (!eig.decompose(m.copy())) {
            throw new IllegalStateException("eigendecomposition failed");
        }
        double[] out = new double[m.numRows];
        for (int k = 0; k < out.length; k++) {
            out[k] = eig.getEigenvalue(k).getReal();
        }
        return out;
    }

    private static void symmetrize(DMatrixRMaj m) {
        for (int i = 0; i < m.numRows; i++) {
            for (int j = i + 1; j < m.numCols; j++) {
                double v = (m.get(i, j) + m.get(j, i)) / 2;
                m.set(i, j, v);
                m.set(j, i, v);
            }
        }
    }

    static double[] mean(float[][] rows) {
        double[] mu = new double[rows[0].length];
        for (float[] r : rows) {
            for (int i = 0; i < mu.length; i++) {
                mu[i] += r[i];
            }
        }
        for (int i = 0; i < mu.length; i++) {
            mu[i] /= rows.length;
        }
        return mu;
    }

    static double[][] covariance(float[][] rows, double[] mu) {
        int d = mu.length;
        double[][] c = new double[d][d];
        for (float[] r : rows) {
            for (int i = 0; i < d; i++) {
                double di = r[i] - mu[i];
                for (int j = i; j < d; j++) {
                    c[i][j] += di * (r[j] - mu[j]);
                }
            }
        }
        for (int i = 0; i < d; i++) {
            for (int j = i; j < d; j++) {
                c[i][j] /= rows.length - 1;
                c[j][i] = c[i][j];
            }
        }
        return c;
    }
}
