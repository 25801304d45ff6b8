package io.ksi.ensemble.scattering;

import java.util.ArrayList;
import java.util.List;

/**
 * Which rows of the layers multiply into which coefficient, in the reference order of docs/scattering-spec.md §1.7.
 * Rows 0..J hold U_0..U_J (first layer, J = low-pass); row J+1+p holds V of the p-th (j1, j2) pair, j2 = j1..J.
 */
final class Plan1D {
    /** One statistic mean_t(row[left] * conj(row[right])). */
    record Product(String type, int left, int right, boolean real, String label) {}

    final int scales;
    final int[] pairJ1;
    final int[] pairJ2;
    final List<Product> products = new ArrayList<>();
    /** Labels of the complex coefficient vector: spars, mean, then the products. */
    final List<String> labels = new ArrayList<>();

    final List<Boolean> real = new ArrayList<>();

    Plan1D(int scales) {
        int jj = scales;
        this.scales = scales;
        List<int[]> pairs = new ArrayList<>();
        for (int j1 = 0; j1 < jj; j1++) {
            for (int j2 = j1; j2 <= jj; j2++) {
                pairs.add(new int[] {j1, j2});
            }
        }
        pairJ1 = pairs.stream().mapToInt(p -> p[0]).toArray();
        pairJ2 = pairs.stream().mapToInt(p -> p[1]).toArray();
        for (int j = 0; j < jj; j++) {
            add("spars[" + j + "]", true);
        }
        add("mean", true);
        for (int j = 0; j <= jj; j++) {
            product("variance", j, j, true, "variance[" + j + "]");
        }
        for (int j = 0; j <= jj; j++) {
            for (int jp = 0; jp <= Math.min(j, jj - 1); jp++) {
                product("skewness", j, v(jp, j), j == jj, "skewness[j=" + j + ",j'=" + jp + "]");
            }
        }
        for (int j1 = 0; j1 < jj; j1++) {
            for (int j2 = j1 + 1; j2 <= jj; j2++) {
                for (int j1p = 0; j1p <= j1; j1p++) {
                    product(
                            "kurtosis",
                            v(j1, j2),
                            v(j1p, j2),
                            j2 == jj || j1p == j1,
                            "kurtosis[j1=" + j1 + ",j1'=" + j1p + ",j2=" + j2 + "]");
                }
            }
        }
    }

    private void add(String label, boolean isReal) {
        labels.add(label);
        real.add(isReal);
    }

    private void product(String type, int left, int right, boolean isReal, String label) {
        products.add(new Product(type, left, right, isReal, label));
        add(label, isReal);
    }

    /** Row of V_{j1,j2}. */
    int v(int j1, int j2) {
        for (int p = 0; p < pairJ1.length; p++) {
            if (pairJ1[p] == j1 && pairJ2[p] == j2) {
                return scales + 1 + p;
            }
        }
        throw new IllegalArgumentException("no pair (" + j1 + ", " + j2 + ")");
    }

    int complexCount() {
        return labels.size();
    }

    /** Index in the complex vector of kurtosis (j1, j1', j2) or skewness (j, j'); used by the invariant reduction. */
    int indexOf(String label) {
        int i = labels.indexOf(label);
        if (i < 0) {
            throw new IllegalArgumentException("no coefficient " + label);
        }
        return i;
    }
}
