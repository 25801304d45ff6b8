package io.ksi.ensemble.scattering;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.ksi.bridge.Tensors;
import java.util.List;

/**
 * Scattering spectra of time series (Morel et al.; docs/scattering-spec.md §1–2), built from DJL ops so that autograd
 * differentiates them: one batched FFT per layer, the statistics as gathered products of rows. Input x [B, T] in
 * float32 or float64 (the coefficients come out in the same precision).
 */
public final class Scattering1D implements Scattering {
    private final int length;
    private final int scales;
    private final Wavelet wavelet;
    /**
     * The centre frequency of the finest wavelet, nu_max, in cycles per sample: the reference's value
     * (docs/scattering-spec.md §1; 0.5 would alias), which every ksi command and study uses.
     */
    public static final double NU_MAX = 0.425;

    private final double nuMax;
    private final int padded;
    private final double[][] filters;
    private final Plan1D plan;
    private final Readout readout;
    private final Reduction reduction;

    public Scattering1D(int length, int scales, Wavelet wavelet, double nuMax, Reduction reduction) {
        if (length < 16) {
            throw new IllegalArgumentException(
                    "series of length " + length + " are too short for scattering spectra (need >= 16)");
        }
        int maxScales = (int) Math.floor(Math.log(length) / Math.log(2)) - 1;
        if (scales < 2 || scales > maxScales) {
            throw new IllegalArgumentException("J = " + scales + " scales do not fit a series of length " + length
                    + " (need 2 <= J <= " + maxScales + "; the default is " + defaultScales(length) + ")");
        }
        this.length = length;
        this.scales = scales;
        this.wavelet = wavelet;
        this.nuMax = nuMax;
        this.reduction = reduction.checkedFor(1);
        this.padded = 2 * length;
        this.filters = Filters1D.bank(wavelet, scales, padded, nuMax);
        this.plan = new Plan1D(scales);
        this.readout = reduction == Reduction.FULL ? fullReadout(plan) : invariantReadout(plan);
    }

    /** The reference rule J = floor(log2 T) - 3 (at least 2). */
    public static int defaultScales(int length) {
        return Math.max(2, (int) Math.floor(Math.log(length) / Math.log(2)) - 3);
    }

    @Override
    public Shape sampleShape() {
        return new Shape(length);
    }

    public int length() {
        return length;
    }

    @Override
    public int scales() {
        return scales;
    }

    public Wavelet wavelet() {
        return wavelet;
    }

    public double nuMax() {
        return nuMax;
    }

    @Override
    public Reduction reduction() {
        return reduction;
    }

    /** Number of complex coefficients P_c (§1.7). */
    public int complexCount() {
        return plan.complexCount();
    }

    /** Number of real features P. */
    @Override
    public int featureCount() {
        return readout.size();
    }

    public List<String> complexLabels() {
        return plan.labels;
    }

    @Override
    public List<String> featureLabels() {
        return readout.labels();
    }

    /** The filter bank (rows 0..J-1 band-pass, row J low-pass) on the padded grid of 2T bins. */
    @Override
    public double[][] filters() {
        return filters;
    }

    /** sigma_j^2 = <|W_j|^2>_t for j = 0..J, averaged over the batch (the raw wavelet power spectrum). */
    @Override
    public double[] powerSpectrum(NDArray x) {
        checkInput(x);
        try (NDManager scope = x.getManager().newSubManager()) {
            NDArray xs = x.duplicate();
            xs.attach(scope);
            NDArray w = firstLayer(xs.toType(DataType.FLOAT64, false), scope);
            NDArray p = w.abs()
                    .square()
                    .sum(new int[] {1, 2})
                    .div((double) length * x.getShape().get(0));
            return p.toDoubleArray();
        }
    }

    /**
     * The complex coefficients in reference order, normalized by sigma (§1.5): [B, P_c, 2] holding (Re, Im), attached
     * to x's manager. With sigma2 = powerSpectrum(x) this is the reference's fully normalized vector.
     */
    public NDArray complexCoefficients(NDArray x, double[] sigma2) {
        checkInput(x);
        checkSigma(sigma2);
        NDManager owner = x.getManager();
        try (NDManager scope = owner.newSubManager()) {
            x.tempAttach(scope);
            NDArray out = compute(x, sigma2, scope);
            out.attach(owner);
            return out;
        }
    }

    /** The real feature vector [B, P] (§1.8, reduced if asked), attached to x's manager. */
    @Override
    public NDArray features(NDArray x, double[] sigma2) {
        checkInput(x);
        checkSigma(sigma2);
        // intermediates live (and are freed) with x's manager: callers differentiating phi close it after backward
        return readout.apply(compute(x, sigma2, x.getManager()));
    }

    private void checkSigma(double[] sigma2) {
        if (sigma2.length != scales + 1) {
            throw new IllegalArgumentException(
                    "sigma^2 has " + sigma2.length + " entries for J+1 = " + (scales + 1) + " filters");
        }
    }

    private void checkInput(NDArray x) {
        Shape s = x.getShape();
        if (s.dimension() != 2 || s.get(1) != length) {
            throw new IllegalArgumentException(
                    "scattering of series of length " + length + " expects [B, " + length + "], got " + s);
        }
        DataType dt = x.getDataType();
        if (dt != DataType.FLOAT32 && dt != DataType.FLOAT64) {
            throw new IllegalArgumentException("scattering expects float32 or float64 series, got " + dt);
        }
    }

    /** W_j = crop(IDFT(DFT(pad x) psi_j)), [J+1, B, T] complex. */
    private NDArray firstLayer(NDArray x, NDManager scope) {
        NDArray bank = filterBank(scope, x);
        NDArray xh = reflect(x, 1).fft(padded, 1);
        return crop(xh.expandDims(0).mul(bank.expandDims(1)).ifft(padded, 2));
    }

    private NDArray compute(NDArray x, double[] sigma2, NDManager scope) {
        long b = x.getShape().get(0);
        double[] inv = new double[scales + 1];
        double floor = 1e-12 * max(sigma2);
        for (int j = 0; j <= scales; j++) {
            inv[j] = 1 / Math.sqrt(Math.max(sigma2[j], floor));
        }
        NDArray invSigma = Tensors.owned(scope, inv)
                .toType(x.getDataType(), false)
                .toDevice(x.getDevice(), false)
                .reshape(scales + 1, 1, 1);
        NDArray u = firstLayer(x, scope).mul(invSigma);
        NDArray a = u.get(new NDIndex("0:" + scales)).abs();
        NDArray ah = reflect(a, 2).fft(padded, 2);
        NDArray bank = filterBank(scope, x);
        NDArray v = crop(ah.get(index(scope, plan.pairJ1, x))
                .mul(bank.get(index(scope, plan.pairJ2, x)).expandDims(1))
                .ifft(padded, 2));
        NDArray rows = u.concat(v, 0);
        int[] left = plan.products.stream().mapToInt(Plan1D.Product::left).toArray();
        int[] right = plan.products.stream().mapToInt(Plan1D.Product::right).toArray();
        // never mul/div by a Java number in the graph: see Tensors.scaled
        double perSample = 1.0 / length;
        NDArray prod = Tensors.scaled(
                        rows.get(index(scope, left, x))
                                .mul(rows.get(index(scope, right, x)).conj())
                                .sum(new int[] {2}),
                        perSample)
                .real();
        NDArray spars = Tensors.scaled(a.sum(new int[] {2}), perSample);
        NDArray mean = Tensors.scaled(
                        u.get(new NDIndex("{}", scales))
                                .real()
                                .get(new NDIndex(":, :, 0"))
                                .sum(new int[] {1}),
                        perSample)
                .reshape(1, b);
        NDArray re = spars.concat(mean, 0).concat(prod.get(new NDIndex(":, :, 0")), 0);
        NDArray im = scope.zeros(new Shape(scales + 1, b), re.getDataType())
                .toDevice(x.getDevice(), false)
                .concat(prod.get(new NDIndex(":, :, 1")), 0);
        return re.transpose().stack(im.transpose(), 2);
    }

    private NDArray filterBank(NDManager scope, NDArray like) {
        double[] flat = new double[(scales + 1) * padded];
        for (int j = 0; j <= scales; j++) {
            System.arraycopy(filters[j], 0, flat, j * padded, padded);
        }
        return Tensors.owned(scope, flat, new Shape(scales + 1, padded))
                .toType(like.getDataType(), false)
                .toDevice(like.getDevice(), false);
    }

    private static NDArray index(NDManager scope, int[] idx, NDArray like) {
        long[] l = new long[idx.length];
        for (int i = 0; i < idx.length; i++) {
            l[i] = idx[i];
        }
        return Tensors.owned(scope, l).toDevice(like.getDevice(), false);
    }

    /** The symmetric extension [s, reversed s] along the last axis (§1.2). */
    private static NDArray reflect(NDArray s, int axis) {
        return s.concat(s.flip(axis), axis);
    }

    private NDArray crop(NDArray z) {
        return z.get(new NDIndex("..., 0:" + length));
    }

    private static double max(double[] v) {
        double m = 0;
        for (double d : v) {
            m = Math.max(m, d);
        }
        return m;
    }

    // ---- readouts ----

    private static Readout fullReadout(Plan1D plan) {
        Readout r = new Readout(plan.complexCount());
        for (int i = 0; i < plan.complexCount(); i++) {
            r.average(plan.labels.get(i), new int[] {i}, !plan.real.get(i));
        }
        return r.finish();
    }

    /** §1.9: mean, spars, variance, 4L and 5L kept; band skewness and kurtosis averaged over the absolute scale. */
    private static Readout invariantReadout(Plan1D plan) {
        int jj = plan.scales;
        Readout r = new Readout(plan.complexCount());
        for (int j = 0; j < jj; j++) {
            r.average("spars[" + j + "]", new int[] {plan.indexOf("spars[" + j + "]")}, false);
        }
        r.average("mean", new int[] {plan.indexOf("mean")}, false);
        for (int j = 0; j <= jj; j++) {
            r.average("variance[" + j + "]", new int[] {plan.indexOf("variance[" + j + "]")}, false);
        }
        for (int a = 0; a < jj; a++) {
            int[] src = new int[jj - a];
            for (int j = a; j < jj; j++) {
                src[j - a] = plan.indexOf("skewness[j=" + j + ",j'=" + (j - a) + "]");
            }
            r.average("skewness_inv[a=" + a + "]", src, true);
        }
        for (int jp = 0; jp < jj; jp++) {
            r.average(
                    "skewness[j=" + jj + ",j'=" + jp + "]",
                    new int[] {plan.indexOf("skewness[j=" + jj + ",j'=" + jp + "]")},
                    false);
        }
        for (int a = 0; a <= jj - 2; a++) {
            for (int b = -jj + 1; b <= -1; b++) {
                if (a - b > jj - 1) {
                    continue;
                }
                int lo = a;
                int hi = jj - 1 + b;
                int[] src = new int[hi - lo + 1];
                for (int j1 = lo; j1 <= hi; j1++) {
                    src[j1 - lo] = plan.indexOf("kurtosis[j1=" + j1 + ",j1'=" + (j1 - a) + ",j2=" + (j1 - b) + "]");
                }
                r.average("kurtosis_inv[a=" + a + ",b=" + b + "]", src, a != 0);
            }
        }
        for (int j1 = 0; j1 < jj; j1++) {
            for (int j1p = 0; j1p <= j1; j1p++) {
                String l = "kurtosis[j1=" + j1 + ",j1'=" + j1p + ",j2=" + jj + "]";
                r.average(l, new int[] {plan.indexOf(l)}, false);
            }
        }
        return r.finish();
    }

    @Override
    public String toString() {
        return String.format(
                "Scattering1D[T=%d, J=%d, %s, %s, P=%d real (%d complex)]",
                length, scales, wavelet.id(), reduction.id(), featureCount(), complexCount());
    }
}
