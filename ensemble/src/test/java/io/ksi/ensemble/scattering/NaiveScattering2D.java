package io.ksi.ensemble.scattering;

import java.util.ArrayList;
import java.util.List;

/**
 * docs/scattering-spec.md §3 written out literally with O((MN)^2) DFT loops in double precision and no DJL: the
 * independent reference the fast transform is checked against. Complex arrays are [re, im] pairs of double[M*N].
 */
final class NaiveScattering2D {
    final int m;
    final int n;
    final int scales;
    final int orient;
    final double[][] psiHat;

    NaiveScattering2D(int m, int n, int scales, int orient) {
        this.m = m;
        this.n = n;
        this.scales = scales;
        this.orient = orient;
        psiHat = new double[scales * orient][];
        for (int j = 0; j < scales; j++) {
            for (int l = 0; l < orient; l++) {
                psiHat[j * orient + l] = filter(
                        0.8 * Math.pow(2, j),
                        (orient / 2.0 - 1 - l) * Math.PI / orient,
                        3 * Math.PI / 4 / Math.pow(2, j),
                        4.0 / orient);
            }
        }
    }

    double[][] dft(double[] re, double[] im, int sign) {
        double[] or = new double[m * n];
        double[] oi = new double[m * n];
        for (int ku = 0; ku < m; ku++) {
            for (int kv = 0; kv < n; kv++) {
                double sr = 0;
                double si = 0;
                for (int u = 0; u < m; u++) {
                    for (int v = 0; v < n; v++) {
                        double ph = sign * 2 * Math.PI * ((double) ku * u / m + (double) kv * v / n);
                        double c = Math.cos(ph);
                        double s = Math.sin(ph);
                        sr += re[u * n + v] * c - im[u * n + v] * s;
                        si += re[u * n + v] * s + im[u * n + v] * c;
                    }
                }
                double scale = sign > 0 ? 1.0 / (m * n) : 1;
                or[ku * n + kv] = sr * scale;
                oi[ku * n + kv] = si * scale;
            }
        }
        return new double[][] {or, oi};
    }

    private double[] filter(double sigma, double theta, double xi, double kappa) {
        double[][] g = new double[2][m * n];
        double[][] g0 = new double[2][m * n];
        for (int i = 0; i < m; i++) {
            for (int k = 0; k < n; k++) {
                for (int a : new int[] {0, -m}) {
                    for (int b : new int[] {0, -n}) {
                        double u = i + a;
                        double v = k + b;
                        double up = u * Math.cos(theta) + v * Math.sin(theta);
                        double vp = -u * Math.sin(theta) + v * Math.cos(theta);
                        double env = kappa
                                / (2 * Math.PI * sigma * sigma)
                                * Math.exp(-(up * up + kappa * kappa * vp * vp) / (2 * sigma * sigma));
                        g[0][i * n + k] += env * Math.cos(xi * up);
                        g[1][i * n + k] += env * Math.sin(xi * up);
                        g0[0][i * n + k] += env;
                    }
                }
            }
        }
        double sr = 0;
        double si = 0;
        double s0 = 0;
        for (int p = 0; p < m * n; p++) {
            sr += g[0][p];
            si += g[1][p];
            s0 += g0[0][p];
        }
        double[] pr = new double[m * n];
        double[] pi = new double[m * n];
        for (int p = 0; p < m * n; p++) {
            pr[p] = g[0][p] - sr / s0 * g0[0][p];
            pi[p] = g[1][p] - si / s0 * g0[0][p];
        }
        double[] hat = dft(pr, pi, -1)[0];
        hat[0] = 0;
        return hat;
    }

    /** For every channel: x̂, I and Î. */
    record Layers(double[][] xHat, double[][] intensity, double[][][] iHat) {}

    Layers layers(double[] x) {
        double[][] xh = dft(x, new double[m * n], -1);
        int jl = scales * orient;
        double[][] inten = new double[jl][m * n];
        double[][][] ih = new double[jl][][];
        for (int c = 0; c < jl; c++) {
            double[] fr = new double[m * n];
            double[] fi = new double[m * n];
            for (int p = 0; p < m * n; p++) {
                fr[p] = xh[0][p] * psiHat[c][p];
                fi[p] = xh[1][p] * psiHat[c][p];
            }
            double[][] w = dft(fr, fi, 1);
            for (int p = 0; p < m * n; p++) {
                inten[c][p] = Math.hypot(w[0][p], w[1][p]);
            }
            ih[c] = dft(inten[c], new double[m * n], -1);
        }
        return new Layers(xh, inten, ih);
    }

    double[] s2(double[] x) {
        Layers ly = layers(x);
        double[] s = new double[scales * orient];
        for (int c = 0; c < s.length; c++) {
            for (double v : ly.intensity[c]) {
                s[c] += v * v / (m * n);
            }
        }
        return s;
    }

    /**
     * The vector of §3.5 ({@code iso}: for_synthesis_iso, else for_synthesis) with S3, S4 normalized by {@code ref}.
     */
    double[] vector(double[] x, double[] ref, boolean iso) {
        Layers ly = layers(x);
        int jl = scales * orient;
        int ll = orient;
        double mn = m * n;
        double[] s2 = new double[jl];
        double[] s1 = new double[jl];
        for (int c = 0; c < jl; c++) {
            for (double v : ly.intensity[c]) {
                s2[c] += v * v / mn;
                s1[c] += v / mn;
            }
        }
        List<Double> out = new ArrayList<>();
        double mean = 0;
        for (double v : x) {
            mean += v / mn;
        }
        double var = 0;
        for (double v : x) {
            var += (v - mean) * (v - mean) / (mn - 1);
        }
        out.add(mean / Math.sqrt(var));
        for (double[] s : new double[][] {s2, s1}) {
            for (int j = 0; j < scales; j++) {
                if (iso) {
                    double a = 0;
                    for (int l = 0; l < ll; l++) {
                        a += s[j * ll + l] / ll;
                    }
                    out.add(Math.log(a));
                } else {
                    for (int l = 0; l < ll; l++) {
                        out.add(Math.log(s[j * ll + l]));
                    }
                }
            }
        }
        List<Double> s3re = new ArrayList<>();
        List<Double> s3im = new ArrayList<>();
        for (int j2 = 0; j2 < scales; j2++) {
            for (int j3 = j2; j3 < scales; j3++) {
                for (int a = 0; a < ll; a++) {
                    for (int b = 0; b < ll; b++) {
                        if (iso) {
                            double sum = 0;
                            for (int l = 0; l < ll; l++) {
                                sum += s3(ly, ref, j2, j3, l, (l + a) % ll)[0] / ll;
                            }
                            if (b == 0) {
                                s3re.add(sum);
                            }
                        } else {
                            double[] v = s3(ly, ref, j2, j3, a, b);
                            s3re.add(v[0]);
                            s3im.add(v[1]);
                        }
                    }
                }
            }
        }
        List<Double> s4re = new ArrayList<>();
        List<Double> s4im = new ArrayList<>();
        for (int j1 = 0; j1 < scales; j1++) {
            for (int j2 = j1; j2 < scales; j2++) {
                for (int j3 = j2; j3 < scales; j3++) {
                    if (iso) {
                        for (int d2 = 0; d2 < ll; d2++) {
                            for (int d3 = 0; d3 < ll; d3++) {
                                double sum = 0;
                                for (int l = 0; l < ll; l++) {
                                    sum += s4(ly, ref, j1, j2, j3, l, (l + d2) % ll, (l + d3) % ll)[0] / ll;
                                }
                                s4re.add(sum);
                            }
                        }
                    } else {
                        for (int l1 = 0; l1 < ll; l1++) {
                            for (int l2 = 0; l2 < ll; l2++) {
                                for (int l3 = 0; l3 < ll; l3++) {
                                    double[] v = s4(ly, ref, j1, j2, j3, l1, l2, l3);
                                    s4re.add(v[0]);
                                    s4im.add(v[1]);
                                }
                            }
                        }
                    }
                }
            }
        }
        out.addAll(s3re);
        out.addAll(s3im);
        out.addAll(s4re);
        out.addAll(s4im);
        return out.stream().mapToDouble(Double::doubleValue).toArray();
    }

    private double[] s3(Layers ly, double[] ref, int j2, int j3, int l2, int l3) {
        int c3 = j3 * orient + l3;
        int c2 = j2 * orient + l2;
        double re = 0;
        double im = 0;
        for (int p = 0; p < m * n; p++) {
            double ar = ly.xHat[0][p] * psiHat[c3][p];
            double ai = ly.xHat[1][p] * psiHat[c3][p];
            double br = ly.iHat[c2][0][p];
            double bi = -ly.iHat[c2][1][p];
            re += ar * br - ai * bi;
            im += ar * bi + ai * br;
        }
        double norm = (double) m * n * m * n * Math.sqrt(ref[c3] * ref[c2]);
        return new double[] {re / norm, im / norm};
    }

    private double[] s4(Layers ly, double[] ref, int j1, int j2, int j3, int l1, int l2, int l3) {
        int c1 = j1 * orient + l1;
        int c2 = j2 * orient + l2;
        int c3 = j3 * orient + l3;
        double re = 0;
        double im = 0;
        for (int p = 0; p < m * n; p++) {
            double ar = ly.iHat[c1][0][p];
            double ai = ly.iHat[c1][1][p];
            double br = ly.iHat[c2][0][p];
            double bi = -ly.iHat[c2][1][p];
            double q = psiHat[c3][p] * psiHat[c3][p];
            re += (ar * br - ai * bi) * q;
            im += (ar * bi + ai * br) * q;
        }
        double norm = (double) m * n * m * n * Math.sqrt(ref[c1] * ref[c2]);
        return new double[] {re / norm, im / norm};
    }
}
