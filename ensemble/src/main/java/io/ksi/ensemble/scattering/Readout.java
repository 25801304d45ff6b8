package io.ksi.ensemble.scattering;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.ksi.bridge.Tensors;
import java.util.ArrayList;
import java.util.List;

/**
 * The real feature vector read from complex coefficients (docs/scattering-spec.md §1.8): phi = Mre Re(c) + Mim Im(c),
 * one row per feature. Every row averages some coefficients (one, unless a reduction is applied) and takes Re, or Im
 * for the genuinely complex ones only: an Im part that is structurally zero would give a zero row in K_t.
 */
final class Readout {
    private final int complexCount;
    private final List<double[]> re = new ArrayList<>();
    private final List<double[]> im = new ArrayList<>();
    private final List<String> labels = new ArrayList<>();
    /** Im rows wait until every Re row is in: label and weights. */
    private final List<Object[]> pendingIm = new ArrayList<>();

    Readout(int complexCount) {
        this.complexCount = complexCount;
    }

    /** Adds Re of the mean of the coefficients {@code src}, and their Im when {@code complex}. */
    void average(String label, int[] src, boolean complex) {
        double[] w = new double[complexCount];
        for (int s : src) {
            w[s] += 1.0 / src.length;
        }
        re.add(w);
        im.add(new double[complexCount]);
        labels.add(complex ? "Re " + label : label);
        if (complex) {
            pendingIm.add(new Object[] {label, w});
        }
    }

    /** Appends the Im rows after all Re rows, in the same order. */
    Readout finish() {
        for (Object[] p : pendingIm) {
            re.add(new double[complexCount]);
            im.add((double[]) p[1]);
            labels.add("Im " + p[0]);
        }
        pendingIm.clear();
        return this;
    }

    int size() {
        return labels.size();
    }

    List<String> labels() {
        return labels;
    }

    /** @param coefficients [B, Pc, 2] (Re, Im); returns [B, P] on the same manager, dtype and device */
    NDArray apply(NDArray coefficients) {
        NDManager m = coefficients.getManager();
        NDArray mre = matrix(m, re).toType(coefficients.getDataType(), false).toDevice(coefficients.getDevice(), false);
        NDArray mim = matrix(m, im).toType(coefficients.getDataType(), false).toDevice(coefficients.getDevice(), false);
        NDArray r = coefficients.get(":, :, 0");
        NDArray i = coefficients.get(":, :, 1");
        return r.matMul(mre.transpose()).add(i.matMul(mim.transpose()));
    }

    private NDArray matrix(NDManager m, List<double[]> rows) {
        double[] flat = new double[rows.size() * complexCount];
        for (int k = 0; k < rows.size(); k++) {
            System.arraycopy(rows.get(k), 0, flat, k * complexCount, complexCount);
        }
        return Tensors.owned(m, flat, new Shape(rows.size(), complexCount));
    }
}
