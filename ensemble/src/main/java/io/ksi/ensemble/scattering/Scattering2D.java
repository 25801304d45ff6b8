package io.ksi.ensemble.scattering;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.ksi.bridge.Tensors;
import java.util.ArrayList;
import java.util.List;

/**
 * Scattering spectra of periodic 2D fields (Cheng et al.; scattering.md §3) from DJL ops: x [B, M, N] in float32 or
 * float64. S3 and S4 are Fourier sums (Parseval), computed as real matrix products: S3 for every pair of channels in
 * one product, S4 one block per scale pair j1 <= j2 against the squared filters of every j3 >= j2.
 */
public final class Scattering2D {
    /** Which vector is read from S1..S4. */
    public enum Reduction {
        /** for_synthesis: every orientation, Re and Im of S3 and S4 (§3.5). */
        FULL,
        /** for_synthesis_iso: averaged over a global rotation, Re only (§3.5; the reference output). */
        ISO,
        /** the fully isotropic set (§3.6 last row): S3 and S4 averaged over all orientations. */
        ISO_ISO
    }

    private final int height;
    private final int width;
    private final int scales;
    private final int orientations;
    private final Reduction reduction;
    private final double[][] filters;
    private final long[] s3Index;
    private final long[] s4Index;
    private final int s3Group;
    private final int s4Group;
    private final List<String> labels = new ArrayList<>();
    private final int rawS3;
    private final int rawS4;

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
        this.reduction = reduction;
        this.filters = Filters2D.bank(height, width, scales, orientations);
        int ll = orientations;
        int pairs = scales * (scales + 1) / 2;
        this.rawS3 = pairs * ll * ll;
        int r4 = 0;
        for (int j1 = 0; j1 < scales; j1++) {
            for (int j2 = j1; j2 < scales; j2++) {
                r4 += ll * ll * (scales - j2) * ll;
            }
        }
        this.rawS4 = r4;
        List<long[]> s3 = new ArrayList<>();
        List<long[]> s4 = new ArrayList<>();
        labels.add("mean/std");
        boolean full = reduction == Reduction.FULL;
        for (int j = 0; j < scales; j++) {
            for (int l = 0; l < (full ? ll : 1); l++) {
                labels.add(full ? "logS2[j=" + j + ",l=" + l + "]" : "logS2[j=" + j + "]");
            }
        }
        for (int j = 0; j < scales; j++) {
            for (int l = 0; l < (full ? ll : 1); l++) {
                labels.add(full ? "logS1[j=" + j + ",l=" + l + "]" : "logS1[j=" + j + "]");
            }
        }
        List<String> s3Labels = new ArrayList<>();
        for (int j2 = 0; j2 < scales; j2++) {
            for (int j3 = j2; j3 < scales; j3++) {
                switch (reduction) {
                    case FULL -> {
                        for (int l2 = 0; l2 < ll; l2++) {
                            for (int l3 = 0; l3 < ll; l3++) {
                                s3.add(new long[] {s3Raw(j2, j3, l2, l3)});
                                s3Labels.add("S3[j2=" + j2 + ",j3=" + j3 + ",l2=" + l2 + ",l3=" + l3 + "]");
                            }
                        }
                    }
                    case ISO -> {
                        for (int d = 0; d < ll; d++) {
                            long[] g = new long[ll];
                            for (int l = 0; l < ll; l++) {
                                g[l] = s3Raw(j2, j3, l, (l + d) % ll);
                            }
                            s3.add(g);
                            s3Labels.add("S3iso[j2=" + j2 + ",j3=" + j3 + ",d=" + d + "]");
                        }
                    }
                    case ISO_ISO -> {
                        long[] g = new long[ll * ll];
                        for (int l2 = 0; l2 < ll; l2++) {
                            for (int l3 = 0; l3 < ll; l3++) {
                                g[l2 * ll + l3] = s3Raw(j2, j3, l2, l3);
                            }
                        }
                        s3.add(g);
                        s3Labels.add("S3isoiso[j2=" + j2 + ",j3=" + j3 + "]");
                    }
                    default -> throw new IllegalStateException();
                }
            }
        }
        List<String> s4Labels = new ArrayList<>();
        for (int j1 = 0; j1 < scales; j1++) {
            for (int j2 = j1; j2 < scales; j2++) {
                for (int j3 = j2; j3 < scales; j3++) {
                    switch (reduction) {
                        case FULL -> {
                            for (int l1 = 0; l1 < ll; l1++) {
                                for (int l2 = 0; l2 < ll; l2++) {
                                    for (int l3 = 0; l3 < ll; l3++) {
                                        s4.add(new long[] {s4Raw(j1, j2, j3, l1, l2, l3)});
                                        s4Labels.add("S4[j1=" + j1 + ",j2=" + j2 + ",j3=" + j3 + ",l1=" + l1 + ",l2=" + l2 + ",l3=" + l3 + "]");
                                    }
                                }
                            }
                        }
                        case ISO -> {
                            for (int d2 = 0; d2 < ll; d2++) {
                                for (int d3 = 0; d3 < ll; d3++) {
                                    long[] g = new long[ll];
                                    for (int l = 0; l < ll; l++) {
                                        g[l] = s4Raw(j1, j2, j3, l, (l + d2) % ll, (l + d3) % ll);
                                    }
                                    s4.add(g);
                                    s4Labels.add("S4iso[j1=" + j1 + ",j2=" + j2 + ",j3=" + j3 + ",d2=" + d2 + ",d3=" + d3 + "]");
                                }
                            }
                        }
                        case ISO_ISO -> {
                            long[] g = new long[ll * ll * ll];
                            int k = 0;
                            for (int l1 = 0; l1 < ll; l1++) {
                                for (int l2 = 0; l2 < ll; l2++) {
                                    for (int l3 = 0; l3 < ll; l3++) {
                                        g[k++] = s4Raw(j1, j2, j3, l1, l2, l3);
                                    }
                                }
                            }
                            s4.add(g);
                            s4Labels.add("S4isoiso[j1=" + j1 + ",j2=" + j2 + ",j3=" + j3 + "]");
                        }
                        default -> throw new IllegalStateException();
                    }
                }
            }
        }
        this.s3Group = s3.get(0).length;
        this.s4Group = s4.get(0).length;
        this.s3Index = s3.stream().flatMapToLong(java.util.Arrays::stream).toArray();
        this.s4Index = s4.stream().flatMapToLong(java.util.Arrays::stream).toArray();
        if (full) {
            s3Labels.forEach(l -> labels.add("Re " + l));
            s3Labels.forEach(l -> labels.add("Im " + l));
            s4Labels.forEach(l -> labels.add("Re " + l));
            s4Labels.forEach(l -> labels.add("Im " + l));
        } else {
            labels.addAll(s3Labels);
            labels.addAll(s4Labels);
        }
    }

    /** Position of S3[j2, j3, l2, l3] in the raw S3 block: the channel-pair matrix [c = (j3, l3), a = (j2, l2)]. */
    private long s3Raw(int j2, int j3, int l2, int l3) {
        int jl = scales * orientations;
        return (long) (j3 * orientations + l3) * jl + (j2 * orientations + l2);
    }

    /** Position of S4[j1, j2, j3, l1, l2, l3] in the raw S4 blocks (one per j1 <= j2, laid out [l1, l2, j3 >= j2, l3]). */
    private long s4Raw(int j1, int j2, int j3, int l1, int l2, int l3) {
        int ll = orientations;
        long start = 0;
        for (int a = 0; a < scales; a++) {
            for (int b = a; b < scales; b++) {
                if (a == j1 && b == j2) {
                    return start + ((long) (l1 * ll + l2) * (scales - j2) + (j3 - j2)) * ll + l3;
                }
                start += (long) ll * ll * (scales - b) * ll;
            }
        }
        throw new IllegalArgumentException("no block (" + j1 + ", " + j2 + ")");
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

    public int scales() {
        return scales;
    }

    public int orientations() {
        return orientations;
    }

    public Reduction reduction() {
        return reduction;
    }

    public int featureCount() {
        return labels.size();
    }

    public List<String> labels() {
        return labels;
    }

    /** Rows j*L + l, each M*N values in FFT layout. */
    public double[][] filters() {
        return filters;
    }

    /** S2[j, l] = <|x * psi_{j,l}|^2>_u averaged over the batch: the frozen normalization Ŝ2 of §3.4. */
    public double[] powerSpectrum(NDArray x) {
        check(x);
        try (NDManager scope = x.getManager().newSubManager()) {
            NDArray xs = x.toType(DataType.FLOAT64, true);
            xs.attach(scope);
            NDArray i = firstLayer(xs.fft2(new long[] {height, width}, new long[] {1, 2}), bank(scope, xs)).abs();
            return i.square().sum(new int[] {1, 2, 3}).div((double) height * width * x.getShape().get(0)).toDoubleArray();
        }
    }

    /** The feature vector [B, P] normalized by the frozen s2 ([J*L]), attached to x's manager. */
    public NDArray features(NDArray x, double[] s2) {
        check(x);
        if (s2.length != scales * orientations) {
            throw new IllegalArgumentException("the normalization S2 needs J*L = " + scales * orientations + " values, got " + s2.length);
        }
        // intermediates live (and are freed) with x's manager: callers differentiating phi close it after backward
        return compute(x, s2, x.getManager());
    }

    private void check(NDArray x) {
        Shape s = x.getShape();
        if (s.dimension() != 3 || s.get(1) != height || s.get(2) != width) {
            throw new IllegalArgumentException("2D scattering of " + height + "x" + width + " fields expects [B, " + height
                    + ", " + width + "], got " + s);
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
        NDArray ih = intensity.fft2(new long[] {height, width}, new long[] {2, 3}).mul(invS.reshape(jl, 1, 1, 1))
                .reshape(jl, b, mn).transpose(1, 0, 2).real();
        NDArray xs = xh.expandDims(0).mul(bank.expandDims(1)).mul(invS.reshape(jl, 1, 1, 1))
                .reshape(jl, b, mn).transpose(1, 0, 2).real();
        NDArray ir = ih.get("..., 0");
        NDArray ii = ih.get("..., 1");
        NDArray xr = xs.get("..., 0");
        NDArray xi = xs.get("..., 1");
        double norm = 1.0 / ((double) mn * mn);
        // S3[c, a] = sum_k xs[c] conj(ih[a])
        NDArray s3re = scaledBy(norm, xr.matMul(ir.transpose(0, 2, 1)).add(xi.matMul(ii.transpose(0, 2, 1))).reshape(b, (long) jl * jl));
        NDArray s3im = scaledBy(norm, xi.matMul(ir.transpose(0, 2, 1)).sub(xr.matMul(ii.transpose(0, 2, 1))).reshape(b, (long) jl * jl));
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
                re4.add(Tensors.scaled(pr.reshape(b, (long) ll * ll, mn).matMul(qt), norm).reshape(b, ll * ll * cols));
                if (full) {
                    NDArray pi = a1i.mul(a2r).sub(a1r.mul(a2i));
                    im4.add(Tensors.scaled(pi.reshape(b, (long) ll * ll, mn).matMul(qt), norm).reshape(b, ll * ll * cols));
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
        parts.add(gatherMean(s3re, s3Index, s3Group, scope));
        if (full) {
            parts.add(gatherMean(s3im, s3Index, s3Group, scope));
        }
        parts.add(gatherMean(raw4re, s4Index, s4Group, scope));
        if (full) {
            parts.add(gatherMean(NDArrays.concat(im4, 1), s4Index, s4Group, scope));
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
        NDArray picked = raw.transpose().get(Tensors.owned(scope, idx).toDevice(raw.getDevice(), false)).transpose();
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
        return Tensors.owned(scope, flat, new Shape(jl, height, width)).toType(like.getDataType(), false).toDevice(like.getDevice(), false);
    }

    /** Feature count of a reduction (scattering.md §3.6). */
    public static long count(Reduction r, int scales, int orientations) {
        long j = scales;
        long l = orientations;
        return switch (r) {
            case FULL -> 1 + 2 * j * l + l * l * j * (j + 1) + l * l * l * j * (j + 1) * (j + 2) / 3;
            case ISO -> 1 + 2 * j + l * j * (j + 1) / 2 + l * l * j * (j + 1) * (j + 2) / 6;
            case ISO_ISO -> 1 + 2 * j + j * (j + 1) / 2 + j * (j + 1) * (j + 2) / 6;
        };
    }

    @Override
    public String toString() {
        return String.format("Scattering2D[%dx%d, J=%d, L=%d, %s, P=%d]", height, width, scales, orientations,
                reduction.name().toLowerCase(), featureCount());
    }
}
