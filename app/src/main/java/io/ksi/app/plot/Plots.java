package io.ksi.app.plot;

import io.ksi.bridge.AtomicFiles;
import io.ksi.ensemble.KernelEnsemble;
import io.ksi.ensemble.system.TimeDiagnostics;
import java.nio.file.Path;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** Charts of fitted ensembles (XChart), written as PNG. */
public final class Plots {
    private Plots() {}

    /** Lines an eta(t) chart draws at most; beyond, the fields of largest |eta|, and the title says so. */
    static final int MAX_ETA_LINES = 20;

    /** eta_i(t) for every feature field (the {@value #MAX_ETA_LINES} largest in magnitude when there are more). */
    public static XYChart eta(KernelEnsemble e) {
        int p = e.fields().size();
        XYChart chart = new XYChartBuilder()
                .width(900)
                .height(500)
                .title(
                        p <= MAX_ETA_LINES
                                ? "eta_i(t): the weight of each of the " + p + " fields over time"
                                : "eta_i(t) of the " + MAX_ETA_LINES + " of " + p
                                        + " fields with the largest |eta| (the others stay smaller)")
                .xAxisTitle("t (0 = noise, 1 = data)")
                .yAxisTitle("eta")
                .build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE).setMarkerSize(0);
        unitTimeAxis(chart);
        double[] times = e.eta().times();
        double[][] eta = e.eta().eta();
        Integer[] order = new Integer[p];
        double[] size = new double[p];
        for (int i = 0; i < p; i++) {
            order[i] = i;
            for (double[] row : eta) {
                size[i] = Math.max(size[i], Math.abs(row[i]));
            }
        }
        java.util.Arrays.sort(order, (a, b) -> Double.compare(size[b], size[a]));
        for (int r = 0; r < Math.min(MAX_ETA_LINES, p); r++) {
            int i = order[r];
            double[] y = new double[times.length];
            for (int k = 0; k < times.length; k++) {
                y[k] = eta[k][i];
            }
            chart.addSeries(e.fields().get(i).name(), times, y).setMarker(SeriesMarkers.NONE);
        }
        roundTimeTicks(chart);
        return chart;
    }

    /**
     * The time axis of a fit: all of [0, 1] with round ticks, whatever the grid (whose values, such as
     * 0.238095238095238, made the ticks, and which may stop short of 1).
     */
    private static void unitTimeAxis(XYChart chart) {
        chart.getStyler().setXAxisMin(0.0).setXAxisMax(1.0).setXAxisDecimalPattern("0.0#");
    }

    /**
     * XChart puts the x ticks on the data's own x values when those are equally spaced (a fitting grid is); one
     * invisible point 1e-6 after t = 0 breaks that test, and the ticks fall on round times from 0 to 1. Call it last.
     */
    private static void roundTimeTicks(XYChart chart) {
        roundXTicks(chart, 0, 1e-6);
    }

    /**
     * Round x ticks for data on an equally spaced x grid starting at {@code start} (see {@link #roundTimeTicks}):
     * {@code nudge} must be below 1e-4 of the x range. Call it after the data series.
     */
    public static void roundXTicks(XYChart chart, double start, double nudge) {
        XYSeries first = chart.getSeriesMap().values().iterator().next();
        double y = first.getYData()[0];
        XYSeries helper = chart.addSeries("(tick helper)", new double[] {start, start + nudge}, new double[] {y, y});
        helper.setMarker(SeriesMarkers.NONE);
        helper.setLineColor(new java.awt.Color(0, 0, 0, 0));
        helper.setShowInLegend(false);
    }

    /**
     * Per fitting time: the share of E|dI/dt|^2 the drift explains and its train and held-out regression losses in the
     * same unit (left axis, 0 to 1), and the condition number of K_t (right axis, log scale).
     */
    public static XYChart diagnostics(KernelEnsemble e) {
        List<TimeDiagnostics> d = e.diagnostics();
        double[] t = d.stream().mapToDouble(TimeDiagnostics::t).toArray();
        XYChart chart = new XYChartBuilder()
                .width(900)
                .height(500)
                .title("fit diagnostics per time")
                .xAxisTitle("t (0 = noise, 1 = data)")
                .build();
        chart.getStyler()
                .setLegendPosition(Styler.LegendPosition.OutsideS)
                .setMarkerSize(0)
                .setYAxisGroupPosition(1, Styler.YAxisPosition.Right);
        unitTimeAxis(chart);
        chart.setYAxisGroupTitle(0, "share of E|dI/dt|^2");
        chart.setYAxisGroupTitle(1, "log10 condition number of K_t");
        // E|dI/dt|^2 at each time is train loss / (1 - explained): losses in that unit read as unexplained shares
        double norm = d.stream()
                .mapToDouble(x -> x.trainLoss() / Math.max(1e-300, 1 - x.explained()))
                .average()
                .orElse(1);
        chart.addSeries(
                        "explained share h.eta / E|dI/dt|^2",
                        t,
                        d.stream().mapToDouble(TimeDiagnostics::explained).toArray())
                .setMarker(SeriesMarkers.NONE);
        chart.addSeries(
                        "train loss / mean E|dI/dt|^2",
                        t,
                        d.stream().mapToDouble(x -> x.trainLoss() / norm).toArray())
                .setMarker(SeriesMarkers.NONE);
        if (d.stream().noneMatch(x -> Double.isNaN(x.heldOutLoss()))) {
            chart.addSeries(
                            "held-out loss / mean E|dI/dt|^2",
                            t,
                            d.stream().mapToDouble(x -> x.heldOutLoss() / norm).toArray())
                    .setMarker(SeriesMarkers.NONE);
        }
        XYSeries cond = chart.addSeries(
                "condition number of K_t (right axis)",
                t,
                d.stream()
                        .mapToDouble(x -> Double.isFinite(x.condition()) ? Math.log10(x.condition()) : Double.NaN)
                        .toArray());
        cond.setMarker(SeriesMarkers.NONE).setYAxisGroup(1);
        roundTimeTicks(chart);
        return chart;
    }

    /** Scatter of the first two coordinates of vector samples, optionally over reference data. */
    public static XYChart scatter(String title, float[] samples, int d, float[] reference) {
        XYChart chart = new XYChartBuilder()
                .width(600)
                .height(600)
                .title(title)
                // not x0 and x1: in ksi's notation those are the noise and the data
                .xAxisTitle("first coordinate")
                .yAxisTitle("second coordinate")
                .build();
        chart.getStyler()
                .setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter)
                .setMarkerSize(3);
        if (reference != null) {
            addCloud(chart, "data", reference, d);
        }
        addCloud(chart, "samples", samples, d);
        return chart;
    }

    private static void addCloud(XYChart chart, String name, float[] v, int d) {
        int n = Math.min(2000, v.length / d);
        double[] x = new double[n];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = v[i * d];
            y[i] = d > 1 ? v[i * d + 1] : 0;
        }
        chart.addSeries(name, x, y);
    }

    /**
     * Adds the histogram density of (v - centre) / scale over all values, as points (empty bins left out, so that a
     * logarithmic axis works), and returns the chart.
     */
    public static XYChart addDensity(
            XYChart chart,
            String name,
            double[][] values,
            double centre,
            double scale,
            double lo,
            double hi,
            int bins) {
        double w = (hi - lo) / bins;
        double[] count = new double[bins];
        long n = 0;
        for (double[] s : values) {
            for (double v : s) {
                int b = (int) Math.floor(((v - centre) / scale - lo) / w);
                if (b >= 0 && b < bins) {
                    count[b]++;
                }
                n++;
            }
        }
        List<Double> xs = new java.util.ArrayList<>();
        List<Double> ys = new java.util.ArrayList<>();
        for (int b = 0; b < bins; b++) {
            if (count[b] > 0) {
                xs.add(lo + (b + 0.5) * w);
                ys.add(count[b] / (n * w));
            }
        }
        chart.addSeries(name, xs, ys).setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        return chart;
    }

    /** The standard normal density on [lo, hi], a reference line for {@link #addDensity}. */
    public static XYChart addGaussian(XYChart chart, double lo, double hi) {
        double[] x = new double[201];
        double[] y = new double[201];
        for (int i = 0; i < x.length; i++) {
            x[i] = lo + i * (hi - lo) / 200;
            y[i] = Math.exp(-x[i] * x[i] / 2) / Math.sqrt(2 * Math.PI);
        }
        chart.addSeries("Gaussian", x, y).setMarker(SeriesMarkers.NONE);
        return chart;
    }

    /** Writes the chart as a PNG in one piece ({@link AtomicFiles}). */
    public static void save(XYChart chart, Path png) {
        AtomicFiles.write(png, png(chart));
    }

    /** The chart's PNG bytes, to stage with other outputs ({@link AtomicFiles.Batch}). */
    public static AtomicFiles.Content png(XYChart chart) {
        return AtomicFiles.pngOf(BitmapEncoder.getBufferedImage(chart));
    }

    /** The file next to {@code ensemble} with {@code suffix} replacing its extension. */
    public static Path beside(Path ensemble, String suffix) {
        String name = ensemble.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return ensemble.resolveSibling((dot > 0 ? name.substring(0, dot) : name) + suffix);
    }
}
