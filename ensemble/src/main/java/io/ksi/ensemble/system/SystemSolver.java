package io.ksi.ensemble.system;

import java.util.Arrays;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.dense.row.factory.LinearSolverFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;
import org.ejml.interfaces.linsol.LinearSolverDense;

/**
 * Solves K eta = h with EJML: Cholesky with a ridge relative to trace(K)/P, falling back to an SVD pseudo-inverse when
 * K + lambda I is not numerically positive definite (duplicated or dependent features).
 */
public final class SystemSolver {
    private SystemSolver() {}

    /** @param relativeRidge lambda = relativeRidge * trace(K) / P; 0 for none */
    public static Solution solve(LinearSystem s, double relativeRidge) {
        int p = s.size();
        if (relativeRidge < 0 || !Double.isFinite(relativeRidge)) {
            throw new IllegalArgumentException("ridge must be finite and >= 0, got " + relativeRidge);
        }
        DMatrixRMaj k = new DMatrixRMaj(s.k());
        DMatrixRMaj h = new DMatrixRMaj(p, 1, true, s.h());
        for (double v : k.data) {
            if (!Double.isFinite(v)) {
                throw new IllegalArgumentException(
                        "Gram matrix has NaN/Inf entries: a feature field returned non-finite values");
            }
        }
        double lambda = relativeRidge * CommonOps_DDRM.trace(k) / p;
        double[] eig = symmetricEigenvalues(k);
        DMatrixRMaj reg = k.copy();
        for (int i = 0; i < p; i++) {
            reg.add(i, i, lambda);
        }
        double max = eig[p - 1] + lambda;
        double min = eig[0] + lambda;
        double condition = min > 0 ? max / min : Double.POSITIVE_INFINITY;
        DMatrixRMaj eta = new DMatrixRMaj(p, 1);
        // a Cholesky factor of a numerically singular matrix exists but its solve amplifies noise by 1/eps
        boolean positiveDefinite = max > 0 && min > p * 1e-13 * max;
        String method = "cholesky";
        if (positiveDefinite) {
            LinearSolverDense<DMatrixRMaj> chol = LinearSolverFactory_DDRM.chol(p);
            positiveDefinite = chol.setA(reg.copy());
            if (positiveDefinite) {
                chol.solve(h, eta);
            }
        }
        if (!positiveDefinite) {
            method = "pseudo-inverse";
            LinearSolverDense<DMatrixRMaj> pinv = LinearSolverFactory_DDRM.pseudoInverse(true);
            if (!pinv.setA(reg.copy())) {
                throw new IllegalStateException("SVD of the " + p + "x" + p + " Gram matrix failed");
            }
            pinv.solve(h, eta);
        }
        return new Solution(eta.data.clone(), method, lambda, eig, condition);
    }

    /**
     * The same solve after scaling every feature to unit mean-square gradient: with D = diag(K), solves (D^-1/2 K
     * D^-1/2 + lambda I) y = D^-1/2 h and returns eta = D^-1/2 y. Without a ridge this is the same eta; with one, each
     * feature is shrunk relative to its own scale. Features with zero gradient get eta = 0.
     */
    public static Solution solveScaled(LinearSystem s, double relativeRidge) {
        int p = s.size();
        double[] scale = new double[p];
        double[][] k = new double[p][p];
        double[] h = new double[p];
        for (int i = 0; i < p; i++) {
            double d = s.k()[i][i];
            scale[i] = d > 0 && Double.isFinite(d) ? 1 / Math.sqrt(d) : 0;
        }
        for (int i = 0; i < p; i++) {
            h[i] = s.h()[i] * scale[i];
            for (int j = 0; j < p; j++) {
                k[i][j] = s.k()[i][j] * scale[i] * scale[j];
            }
            if (scale[i] == 0) {
                k[i][i] = 1;
            }
        }
        Solution y = solve(new LinearSystem(k, h, s.velocityNorm2(), s.n()), relativeRidge);
        double[] eta = new double[p];
        for (int i = 0; i < p; i++) {
            eta[i] = y.eta()[i] * scale[i];
        }
        return new Solution(eta, y.method() + " (scaled)", y.ridge(), y.eigenvalues(), y.condition());
    }

    static double[] symmetricEigenvalues(DMatrixRMaj k) {
        int p = k.numRows;
        EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(p, false, true);
        if (!eig.decompose(k.copy())) {
            throw new IllegalStateException("eigen-decomposition of the Gram matrix failed");
        }
        double[] ev = new double[p];
        for (int i = 0; i < p; i++) {
            ev[i] = eig.getEigenvalue(i).getReal();
        }
        Arrays.sort(ev);
        return ev;
    }
}
