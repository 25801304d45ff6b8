package io.ksi.ensemble.scattering;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.ksi.bridge.Tensors;
import java.util.List;

/**
 * Scattering spectra of periodic 2D fields (Cheng et al.; docs/scattering-spec.md §3) from DJL ops: x [B, M, N] in
 * float32 or float64. S3 and S4 are Fourier sums (Parseval), computed as real matrix products: S3 for every pair of
 * channels in one product, S4 one block per scale pair j1 <= j2 against the squared filters of every j3 >= j2.
 */
public final class Scattering2D implements Scattering {
    private final int height;
    private final int width;
    private final int scales;
    private final int orientations;
    private final Reduction reduction;
    private final double[][] filters;
    private final Plan2D plan;

    public Scattering2D(int height, int width, int scales, int orientations, Reduction reduction) {
        int max = (int) Math.floor(Math.log(Math.min(height, width)) / Math.log(2)) - 1;
        if (scales < 1 || scales > max) {
            throw new IllegalArgumentException("J = " + scales + " scales do not fit a " + height + "x" + width
                    + " field (need 1 <= J <= " + max + ")");
        }
        if (orientations < 1) {
            throw new IllegalArgumentException("need at least one orientation, got L = " + orientations);
        }
        this.height = height;
        this.width = width;
        this.scales = scales;
        this.orientations = orientations;
        this.reduction = reduction.checkedFor(2);
        this.filters = Filters2D.bank(height, width, scales, orientations);
        this.plan = new Plan2D(scales, orientations, reduction);
    }

    /** The default J: the largest the field allows, log2(min(M, N)) - 1 (Cheng et al.). */
    public static int defaultScales(int height, int width) {
        return (int) Math.floor(Math.log(Math.min(height, width)) / Math.log(2)) - 1;
    }

    public int height() {
        return height;
    }

    public int width() {
        return width;
    }

    @Override
    public int scales() {
        return scales;
    }

    public int orientations() {
        return orientations;
    }

    @Override
    public Reduction reduction() {
        return reduction;
    }

    @Override
    public Shape sampleShape() {
        return new Shape(height, width);
    }

    @Override
    public int featureCount() {
        return plan.labels.size();
    }

    @Override
    public List<String> featureLabels() {
        return plan.labels;
    }

    /** Rows j*L + l, each M*N values in FFT layout. */
    @Override
    public double[][] filters() {
        return filters;
    }

    /** S2[j, l] = <|x * psi_{j,l}|^2>_u averaged over the batch: the frozen normalization Ŝ2 of §3.4. */
    @Override
    public double[] powerSpectrum(NDArray x) {
        check(x);
        try (NDManager scope = x.getManager().newSubManager()) {
            NDArray xs = x.toType(DataType.FLOAT64, true);
            xs.attach(scope);
            NDArray i = firstLayer(xs.fft2(new long[] {height, width}, new long[] {1, 2}), bank(scope, xs))
                    .abs();
            return i.square()
                    .sum(new int[] {1, 2, 3})
                    .div((double) height * width * x.getShape().get(0))
                    .toDoubleArray();
        }
    }

    /** The feature vector [B, P] normalized by the frozen power spectrum S2 ([J*L]), attached to x's manager. */
    @Override
    public NDArray features(NDArray x, double[] s2) {
        check(x);
        if (s2.length != scales * orientations) {
            throw new IllegalArgumentException(
                    "the normalization S2 needs J*L = " + scales * orientations + " values, got " + s2.length);
        }
        // intermediates live (and are freed) with x's manager: callers differentiating phi close it after backward
        return compute(x, s2, x.getManager());
    }

    private void check(NDArray x) {
        Shape s = x.getShape();
        if (s.dimension() != 3 || s.get(1) != height || s.get(2) != width) {
            throw new IllegalArgumentException("2D scattering of " + height + "x" + width + " fields expects [B, "
                    + height + ", " + width + "], got " + s);
        }
        DataType dt = x.getDataType();
        if (dt != DataType.FLOAT32 && dt != DataType.FLOAT64) {
            throw new IllegalArgumentException("2D scattering expects float32 or float64 fields, got " + dt);
        }
    }

    /** x * psi_{j,l} for every channel: [JL, B, M, N] complex. */
    private NDArray firstLayer(NDArray xh, NDArray bank) {
        return xh.expandDims(0).mul(bank.expandDims(1)).ifft2(new long[] {height, width}, new long[] {2, 3});
    }

    private NDArray compute(NDArray x, double[] s2, NDManager scope) {
        long b = x.getShape().get(0);
        int jl = scales * orientations;
        int ll = orientations;
        long mn = (long) height * width;
        double[] inv = new double[jl];
        double maxS2 = 0;
        for (double v : s2) {
            maxS2 = Math.max(maxS2, v);
        }
        for (int c = 0; c < jl; c++) {
            inv[c] = 1 / Math.sqrt(Math.max(s2[c], 1e-12 * maxS2));
        }
        DataType dt = x.getDataType();
        NDArray bank = bank(scope, x);
        NDArray invS = Tensors.owned(scope, inv).toType(dt, false).toDevice(x.getDevice(), false);
        NDArray xh = x.fft2(new long[] {height, width}, new long[] {1, 2});
        NDArray intensity = firstLayer(xh, bank).abs();
        // never mul/div by a Java number in the graph: see Tensors.scaled
        NDArray s2x = Tensors.scaled(intensity.square().sum(new int[] {2, 3}), 1.0 / mn);
        NDArray s1x = Tensors.scaled(intensity.sum(new int[] {2, 3}), 1.0 / mn);
        // normalized Fourier rows, [B, JL, MN], Re and Im apart so that every sum is a real matrix product
        NDArray ih = intensity
                .fft2(new long[] {height, width}, new long[] {2, 3})
                .mul(invS.reshape(jl, 1, 1, 1))
                .reshape(jl, b, mn)
                .transpose(1, 0, 2)
                .real();
        NDArray xs = xh.expandDims(0)
                .mul(bank.expandDims(1))
                .mul(invS.reshape(jl, 1, 1, 1))
                .reshape(jl, b, mn)
                .transpose(1, 0, 2)
                .real();
        NDArray ir = ih.get("..., 0");
        NDArray ii = ih.get("..., 1");
        NDArray xr = xs.get("..., 0");
        NDArray xi = xs.get("..., 1");
        double norm = 1.0 / ((double) mn * mn);
        // S3[c, a] = sum_k xs[c] conj(ih[a])
        NDArray s3re = scaledBy(
                norm,
                xr.matMul(ir.transpose(0, 2, 1))
                        .add(xi.matMul(ii.transpose(0, 2, 1)))
                        .reshape(b, (long) jl * jl));
        NDArray s3im = scaledBy(
                norm,
                xi.matMul(ir.transpose(0, 2, 1))
                        .sub(xr.matMul(ii.transpose(0, 2, 1)))
                        .reshape(b, (long) jl * jl));
        NDArray q = bank.square().reshape(jl, mn);
        NDList re4 = new NDList();
        NDList im4 = new NDList();
        boolean full = reduction == Reduction.FULL;
        for (int j1 = 0; j1 < scales; j1++) {
            String r1 = ":, " + j1 * ll + ":" + (j1 + 1) * ll;
            NDArray a1r = ir.get(r1).expandDims(2);
            NDArray a1i = ii.get(r1).expandDims(2);
            for (int j2 = j1; j2 < scales; j2++) {
                String r2 = ":, " + j2 * ll + ":" + (j2 + 1) * ll;
                NDArray a2r = ir.get(r2).expandDims(1);
                NDArray a2i = ii.get(r2).expandDims(1);
                NDArray qt = q.get(j2 * ll + ":").transpose();
                long cols = (long) (scales - j2) * ll;
                // [B, L, L, MN] . [MN, (J - j2) L]
                NDArray pr = a1r.mul(a2r).add(a1i.mul(a2i));
                re4.add(Tensors.scaled(pr.reshape(b, (long) ll * ll, mn).matMul(qt), norm)
                        .reshape(b, ll * ll * cols));
                if (full) {
                    NDArray pi = a1i.mul(a2r).sub(a1r.mul(a2i));
                    im4.add(Tensors.scaled(pi.reshape(b, (long) ll * ll, mn).matMul(qt), norm)
                            .reshape(b, ll * ll * cols));
                }
            }
        }
        NDArray raw4re = NDArrays.concat(re4, 1);
        NDList parts = new NDList();
        parts.add(meanOverStd(x, mn));
        if (full) {
            parts.add(s2x.transpose().log());
            parts.add(s1x.transpose().log());
        } else {
            parts.add(s2x.reshape(scales, ll, b).mean(new int[] {1}).transpose().log());
            parts.add(s1x.reshape(scales, ll, b).mean(new int[] {1}).transpose().log());
        }
        parts.add(gatherMean(s3re, plan.s3Index, plan.s3Group, scope));
        if (full) {
            parts.add(gatherMean(s3im, plan.s3Index, plan.s3Group, scope));
        }
        parts.add(gatherMean(raw4re, plan.s4Index, plan.s4Group, scope));
        if (full) {
            parts.add(gatherMean(NDArrays.concat(im4, 1), plan.s4Index, plan.s4Group, scope));
        }
        return NDArrays.concat(parts, 1);
    }

    /** mean(x)/std(x) per sample, std with the N-1 estimator. */
    private static NDArray meanOverStd(NDArray x, long mn) {
        long b = x.getShape().get(0);
        NDArray flat = x.reshape(b, mn);
        NDArray mean = Tensors.scaled(flat.sum(new int[] {1}), 1.0 / mn);
        NDArray var = Tensors.scaled(flat.sub(mean.reshape(b, 1)).square().sum(new int[] {1}), 1.0 / (mn - 1));
        return mean.div(var.sqrt()).reshape(b, 1);
    }

    private static NDArray scaledBy(double v, NDArray a) {
        return Tensors.scaled(a, v);
    }

    /** Columns {@code idx} of raw [B, R], averaged over consecutive groups of {@code group}: [B, |idx| / group]. */
    private static NDArray gatherMean(NDArray raw, long[] idx, int group, NDManager scope) {
        long b = raw.getShape().get(0);
        NDArray picked = raw.transpose()
                .get(Tensors.owned(scope, idx).toDevice(raw.getDevice(), false))
                .transpose();
        if (group == 1) {
            return picked;
        }
        return Tensors.scaled(picked.reshape(b, idx.length / group, group).sum(new int[] {2}), 1.0 / group);
    }

    private NDArray bank(NDManager scope, NDArray like) {
        int jl = scales * orientations;
        double[] flat = new double[jl * height * width];
        for (int c = 0; c < jl; c++) {
            System.arraycopy(filters[c], 0, flat, c * height * width, height * width);
        }
        return Tensors.owned(scope, flat, new Shape(jl, height, width))
                .toType(like.getDataType(), false)
                .toDevice(like.getDevice(), false);
    }

    /** Feature count of a reduction (docs/scattering-spec.md §3.6). */
    public static long count(Reduction r, int scales, int orientations) {
        long j = scales;
        long l = orientations;
        return switch (r) {
            case FULL -> 1 + 2 * j * l + l * l * j * (j + 1) + l * l * l * j * (j + 1) * (j + 2) / 3;
            case ISO -> 1 + 2 * j + l * j * (j + 1) / 2 + l * l * j * (j + 1) * (j + 2) / 6;
            case ISO_ISO -> 1 + 2 * j + j * (j + 1) / 2 + j * (j + 1) * (j + 2) / 6;
            case INVARIANT ->
                throw new IllegalArgumentException("reduction " + r.id() + " does not apply to 2D fields");
        };
    }

    @Override
    public String toString() {
        return String.format(
                "Scattering2D[%dx%d, J=%d, L=%d, %s, P=%d]",
                height, width, scales, orientations, reduction.id(), featureCount());
    }
}
