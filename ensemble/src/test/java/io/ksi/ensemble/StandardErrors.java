package io.ksi.ensemble;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import io.ksi.ensemble.feature.FeatureField;
import io.ksi.ensemble.interpolant.Schedule;
import io.ksi.ensemble.system.LinearSystem;
import java.util.List;
import org.ejml.simple.SimpleMatrix;

/**
 * Standard errors of a least-squares eta by the sandwich estimator: Cov = K^{-1} Sigma K^{-1} / N with Sigma = E[g
 * g^T], g_p = field_p(I_t) . (dI_t - b_hat(I_t)), evaluated on the fit's own pairs.
 */
final class StandardErrors {
    private StandardErrors() {}

    static double[] of(
            List<? extends FeatureField> fields,
            Schedule s,
            double t,
            PairSource pairs,
            double[] eta,
            LinearSystem sys) {
        int p = fields.size();
        int n = pairs.pairs();
        double[][] sigma = new double[p][p];
        try (NDManager m = GaussianTarget.manager()) {
            NDArray[] b = pairs.batch(m, 0, n);
            NDArray it = b[0].mul((float) s.alpha(t)).add(b[1].mul((float) s.beta(t)));
            NDArray dI = b[0].mul((float) s.alphaDot(t)).add(b[1].mul((float) s.betaDot(t)));
            NDArray v = Fitter.evaluateAll(fields, it, t).toType(DataType.FLOAT64, false); // [P, N, D]
            NDArray r = dI.reshape(1, n, -1).toType(DataType.FLOAT64, false);
            for (int i = 0; i < p; i++) {
                r = r.sub(v.get(i).expandDims(0).mul(eta[i]));
            }
            NDArray g = v.mul(r).sum(new int[] {2}); // [P, N]
            double[] sg = g.matMul(g.transpose()).div(n).toDoubleArray();
            for (int i = 0; i < p; i++) {
                for (int j = 0; j < p; j++) {
                    sigma[i][j] = sg[i * p + j];
                }
            }
        }
        SimpleMatrix kinv = new SimpleMatrix(sys.k()).invert();
        SimpleMatrix cov = kinv.mult(new SimpleMatrix(sigma)).mult(kinv).scale(1.0 / n);
        double[] se = new double[p];
        for (int i = 0; i < p; i++) {
            se[i] = Math.sqrt(cov.get(i, i));
        }
        return se;
    }
}
