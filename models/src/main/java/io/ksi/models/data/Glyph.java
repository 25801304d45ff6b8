package io.ksi.models.data;

import java.util.ArrayList;
import java.util.List;

/**
 * A drawing in the unit square (x right, y down): pen strokes (polylines) and filled outlines (polygons). Curves are
 * built from helpers that emit densely sampled points, so distortions bend them smoothly.
 */
public record Glyph(List<double[][]> strokes, List<double[][]> fills) {
    public static Builder builder() {
        return new Builder();
    }

    public static final class Builder {
        private final List<double[][]> strokes = new ArrayList<>();
        private final List<double[][]> fills = new ArrayList<>();

        /** Straight segments through the given (x, y) pairs, as one stroke. */
        public Builder line(double... xy) {
            List<double[]> pts = new ArrayList<>();
            for (int i = 0; i + 3 < xy.length; i += 2) {
                for (int k = 0; k < 8; k++) {
                    double s = k / 8.0;
                    pts.add(new double[] {xy[i] + s * (xy[i + 2] - xy[i]), xy[i + 1] + s * (xy[i + 3] - xy[i + 1])});
                }
            }
            pts.add(new double[] {xy[xy.length - 2], xy[xy.length - 1]});
            strokes.add(pts.toArray(new double[0][]));
            return this;
        }

        /** An elliptical arc from a0 to a1 degrees (0 = right, 90 = down, 270 = up), as one stroke. */
        public Builder arc(double cx, double cy, double rx, double ry, double a0, double a1) {
            int n = (int) Math.max(8, Math.abs(a1 - a0) / 8);
            double[][] pts = new double[n + 1][];
            for (int k = 0; k <= n; k++) {
                double a = Math.toRadians(a0 + (a1 - a0) * k / n);
                pts[k] = new double[] {cx + rx * Math.cos(a), cy + ry * Math.sin(a)};
            }
            strokes.add(pts);
            return this;
        }

        /** A quadratic Bezier curve, as one stroke. */
        public Builder bezier(double x0, double y0, double cx, double cy, double x1, double y1) {
            int n = 16;
            double[][] pts = new double[n + 1][];
            for (int k = 0; k <= n; k++) {
                double s = k / (double) n;
                double a = (1 - s) * (1 - s);
                double b = 2 * s * (1 - s);
                double c = s * s;
                pts[k] = new double[] {a * x0 + b * cx + c * x1, a * y0 + b * cy + c * y1};
            }
            strokes.add(pts);
            return this;
        }

        /** A smooth stroke through the points (Catmull-Rom spline). */
        public Builder spline(double[][] through) {
            List<double[]> pts = new ArrayList<>();
            for (int i = 0; i + 1 < through.length; i++) {
                double[] p0 = through[Math.max(0, i - 1)];
                double[] p1 = through[i];
                double[] p2 = through[i + 1];
                double[] p3 = through[Math.min(through.length - 1, i + 2)];
                for (int k = 0; k < 10; k++) {
                    double s = k / 10.0;
                    double s2 = s * s;
                    double s3 = s2 * s;
                    double[] p = new double[2];
                    for (int d = 0; d < 2; d++) {
                        p[d] = 0.5
                                * (2 * p1[d]
                                        + (-p0[d] + p2[d]) * s
                                        + (2 * p0[d] - 5 * p1[d] + 4 * p2[d] - p3[d]) * s2
                                        + (-p0[d] + 3 * p1[d] - 3 * p2[d] + p3[d]) * s3);
                    }
                    pts.add(p);
                }
            }
            pts.add(through[through.length - 1].clone());
            strokes.add(pts.toArray(new double[0][]));
            return this;
        }

        /** A filled polygon through the given (x, y) pairs; edges are densified so distortions bend them. */
        public Builder fill(double... xy) {
            List<double[]> pts = new ArrayList<>();
            int n = xy.length / 2;
            for (int i = 0; i < n; i++) {
                int j = (i + 1) % n;
                for (int k = 0; k < 6; k++) {
                    double s = k / 6.0;
                    pts.add(new double[] {
                        xy[2 * i] + s * (xy[2 * j] - xy[2 * i]), xy[2 * i + 1] + s * (xy[2 * j + 1] - xy[2 * i + 1])
                    });
                }
            }
            fills.add(pts.toArray(new double[0][]));
            return this;
        }

        public Glyph build() {
            return new Glyph(List.copyOf(strokes), List.copyOf(fills));
        }
    }
}
