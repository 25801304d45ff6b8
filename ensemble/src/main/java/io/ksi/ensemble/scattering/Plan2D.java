package io.ksi.ensemble.scattering;

import java.util.ArrayList;
import java.util.List;

/**
 * Which entries of the raw 2D statistics make each feature, in the order of scattering-spec.md §3.5 (the counterpart of
 * {@link Plan1D}): S3 is the channel-pair matrix [c = (j3, l3), a = (j2, l2)], S4 one block per scale pair j1 <= j2
 * laid out [l1, l2, j3 >= j2, l3]; a reduction averages groups of them ({@code s3Group}, {@code s4Group} consecutive
 * indices per feature).
 */
final class Plan2D {
    final int scales;
    final int orientations;
    final List<String> labels = new ArrayList<>();
    final long[] s3Index;
    final long[] s4Index;
    final int s3Group;
    final int s4Group;

    Plan2D(int scales, int orientations, Reduction reduction) {
        this.scales = scales;
        this.orientations = orientations;
        int ll = orientations;
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
                                        s4Labels.add("S4[j1=" + j1 + ",j2=" + j2 + ",j3=" + j3 + ",l1=" + l1 + ",l2="
                                                + l2 + ",l3=" + l3 + "]");
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
                                    s4Labels.add("S4iso[j1=" + j1 + ",j2=" + j2 + ",j3=" + j3 + ",d2=" + d2 + ",d3="
                                            + d3 + "]");
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

    /**
     * Position of S4[j1, j2, j3, l1, l2, l3] in the raw S4 blocks (one per j1 <= j2, laid out [l1, l2, j3 >= j2, l3]).
     */
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
}
