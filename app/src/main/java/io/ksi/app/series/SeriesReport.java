package io.ksi.app.series;

import io.ksi.app.plot.Plots;
import io.ksi.app.study.SingleRealization;
import io.ksi.bridge.AtomicFiles;
import io.ksi.ensemble.metrics.StylizedFacts;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** Pictures and tables of the stylized facts of generated series against the observed one. */
public final class SeriesReport {
    static final int ACF_LAGS = 20;
    static final int LEVERAGE_LAGS = 10;

    private SeriesReport() {}

    /** One statistic: the observed value and the generated series' mean and standard deviation. */
    public record Fact(String name, double observed, double mean, double std) {}

    public static List<Fact> facts(SeriesStudy.Result r) {
        double[] o = r.observed();
        double[][] g = r.generated();
        List<Fact> out = new ArrayList<>();
        out.add(fact("std", o, g, StylizedFacts::std));
        out.add(fact("kurtosis", o, g, StylizedFacts::kurtosis));
        out.add(fact("skewness", o, g, StylizedFacts::skewness));
        out.add(fact("KS distance to the observed", o, g, x -> StylizedFacts.ksDistance(x, o)));
        out.add(fact(
                "acf(r), mean of lags 1-" + ACF_LAGS,
                o,
                g,
                x -> StylizedFacts.meanOf(StylizedFacts.autocorrelation(x, ACF_LAGS), ACF_LAGS)));
        out.add(fact(
                "acf(|r|), mean of lags 1-" + ACF_LAGS,
                o,
                g,
                x -> StylizedFacts.meanOf(StylizedFacts.autocorrelation(StylizedFacts.abs(x), ACF_LAGS), ACF_LAGS)));
        out.add(fact(
                "acf(|r|), min over lags 1-" + ACF_LAGS,
                o,
                g,
                x -> Arrays.stream(StylizedFacts.autocorrelation(StylizedFacts.abs(x), ACF_LAGS))
                        .min()
                        .orElse(Double.NaN)));
        out.add(fact(
                "leverage, mean of lags 1-" + LEVERAGE_LAGS,
                o,
                g,
                x -> StylizedFacts.meanOf(StylizedFacts.leverage(x, LEVERAGE_LAGS), LEVERAGE_LAGS)));
        return out;
    }

    private static Fact fact(String name, double[] o, double[][] g, java.util.function.ToDoubleFunction<double[]> f) {
        double[] v = Arrays.stream(g).mapToDouble(f).toArray();
        double m = Arrays.stream(v).average().orElse(Double.NaN);
        double s = Math.sqrt(Arrays.stream(v).map(x -> (x - m) * (x - m)).sum() / Math.max(1, v.length - 1));
        return new Fact(name, f.applyAsDouble(o), m, s);
    }

    /**
     * The checks of issue D: kurtosis within 30%, |r| autocorrelation positive and close, leverage of the right sign.
     */
    public static Map<String, Boolean> checks(SeriesStudy.Result r) {
        double[] o = r.observed();
        double[][] g = r.generated();
        Map<String, Boolean> c = new LinkedHashMap<>();
        double ko = StylizedFacts.kurtosis(o);
        double kg =
                Arrays.stream(g).mapToDouble(StylizedFacts::kurtosis).average().orElse(Double.NaN);
        c.put(String.format(Locale.ROOT, "kurtosis within 30%% (%.2f vs %.2f)", kg, ko), Math.abs(kg - ko) <= 0.3 * ko);
        double[] ao = StylizedFacts.autocorrelation(StylizedFacts.abs(o), ACF_LAGS);
        double[] ag = meanAcfAbs(g);
        boolean positive = Arrays.stream(ag).allMatch(v -> v > 0);
        double mo = StylizedFacts.meanOf(ao, ACF_LAGS);
        double mg = StylizedFacts.meanOf(ag, ACF_LAGS);
        c.put(
                String.format(
                        Locale.ROOT,
                        "acf(|r|) positive at lags 1-%d (min %.3f)",
                        ACF_LAGS,
                        Arrays.stream(ag).min().orElse(0)),
                positive);
        c.put(
                String.format(Locale.ROOT, "acf(|r|) close: mean %.3f vs %.3f (within 50%%)", mg, mo),
                Math.abs(mg - mo) <= 0.5 * Math.abs(mo));
        double lo = StylizedFacts.meanOf(StylizedFacts.leverage(o, LEVERAGE_LAGS), LEVERAGE_LAGS);
        double lg = Arrays.stream(g)
                .mapToDouble(x -> StylizedFacts.meanOf(StylizedFacts.leverage(x, LEVERAGE_LAGS), LEVERAGE_LAGS))
                .average()
                .orElse(Double.NaN);
        c.put(
                String.format(Locale.ROOT, "leverage of the observed sign (%.3f vs %.3f)", lg, lo),
                Math.signum(lg) == Math.signum(lo));
        return c;
    }

    private static double[] meanAcfAbs(double[][] g) {
        double[] m = new double[ACF_LAGS];
        for (double[] x : g) {
            double[] a = StylizedFacts.autocorrelation(StylizedFacts.abs(x), ACF_LAGS);
            for (int i = 0; i < ACF_LAGS; i++) {
                m[i] += a[i] / g.length;
            }
        }
        return m;
    }

    public static void write(SeriesStudy.Result r, String name, Path dir) {
        // the report appears whole or not at all: every file is staged, then all are renamed into place
        try (AtomicFiles.Batch files = new AtomicFiles.Batch()) {
            files.stage(dir.resolve("series.png"), AtomicFiles.pngOf(seriesPanel(r, name)));
            files.stage(dir.resolve("density.png"), Plots.png(density(r)));
            files.stage(dir.resolve("acf.png"), Plots.png(acf(r)));
            files.stage(dir.resolve("leverage.png"), Plots.png(leverage(r)));
            files.stage(dir.resolve("eta.png"), Plots.png(Plots.eta(r.ensemble())));
            files.stage(dir.resolve("report.md"), AtomicFiles.text(markdown(r, name)));
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("series", name);
            SingleRealization.putFit(
                    json,
                    r.settings(),
                    r.map().transform().scales(),
                    r.map().size(),
                    r.ensemble(),
                    r.settings().ridge() < 0,
                    smallerThanDefaults(r.settings()));
            json.put("facts", facts(r));
            json.put("checks", checks(r));
            json.put("fitSeconds", r.fitSeconds());
            json.put("sampleSeconds", r.sampleSeconds());
            files.stage(dir.resolve("results.json"), SingleRealization.resultsJson(json));
            files.stage(dir.resolve("generated.csv"), AtomicFiles.text(csv(r)));
            files.commit();
        }
    }

    public static String summary(SeriesStudy.Result r) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(
                Locale.ROOT, "%-34s %10s %18s%n", "", "observed", "generated (n=" + r.generated().length + ")"));
        for (Fact f : facts(r)) {
            sb.append(String.format(
                    Locale.ROOT, "%-34s %10.4f %10.4f ± %.4f%n", f.name(), f.observed(), f.mean(), f.std()));
        }
        checks(r)
                .forEach(
                        (k, v) -> sb.append(v ? "  ok   " : "  MISS ").append(k).append('\n'));
        if (smallerThanDefaults(r.settings())) {
            sb.append("  (").append(SingleRealization.SMALLER_THAN_DEFAULTS).append(")\n");
        }
        return sb.toString();
    }

    /** Whether the run is smaller than the study's defaults (a --quick run). */
    static boolean smallerThanDefaults(SeriesStudy.Settings s) {
        return SingleRealization.smallerThanDefaults(s, SeriesStudy.Settings.defaults());
    }

    static String markdown(SeriesStudy.Result r, String name) {
        SeriesStudy.Settings s = r.settings();
        StringBuilder sb = new StringBuilder();
        sb.append("# New series from one: ").append(name).append("\n\n");
        sb.append(String.format(
                Locale.ROOT,
                "%d log-returns observed; %d series generated by the kernel ensemble of %d "
                        + "features: scattering spectra (%s, J = %d, %s, sigma frozen)%s, trigonometric schedule, %d "
                        + "noise pairs x %d fit "
                        + "times, relative ridge %.0e (Jacobi-scaled features), %d optimal-diffusion steps. Fit %.0f "
                        + "s, sampling %.0f s.%n%n",
                r.observed().length,
                r.generated().length,
                r.ensemble().fields().size(),
                r.map().transform().wavelet().id(),
                r.map().transform().scales(),
                r.map().transform().reduction().name().toLowerCase(Locale.ROOT),
                s.marginal()
                        ? " plus the pointwise marginal fields x and x / (1 + (x/a)^2), a = "
                                + java.util.Arrays.toString(SeriesStudy.MARGINAL_SCALES) + " std"
                        : "",
                s.pairs(),
                s.fitSteps() + 1,
                r.ensemble().ridge(),
                s.steps(),
                r.fitSeconds(),
                r.sampleSeconds()));
        sb.append("| statistic | observed | generated (mean ± sd over series) |\n|---|---|---|\n");
        for (Fact f : facts(r)) {
            sb.append(String.format(
                    Locale.ROOT, "| %s | %.4f | %.4f ± %.4f |%n", f.name(), f.observed(), f.mean(), f.std()));
        }
        sb.append("\nChecks")
                .append(smallerThanDefaults(s) ? " (" + SingleRealization.SMALLER_THAN_DEFAULTS + ")" : "")
                .append(":\n\n");
        checks(r)
                .forEach((k, v) -> sb.append("- ")
                        .append(v ? "ok: " : "**not met**: ")
                        .append(k)
                        .append('\n'));
        sb.append("\n![series](series.png)\n\n![density](density.png)\n\n"
                + "![acf](acf.png)\n\n![leverage](leverage.png)\n\n![eta](eta.png)\n");
        return sb.toString();
    }

    private static String csv(SeriesStudy.Result r) {
        StringBuilder sb = new StringBuilder("n,observed");
        for (int k = 0; k < r.generated().length; k++) {
            sb.append(",generated").append(k);
        }
        sb.append('\n');
        for (int i = 0; i < r.observed().length; i++) {
            sb.append(i).append(',').append(r.observed()[i]);
            for (double[] g : r.generated()) {
                sb.append(',').append(g[i]);
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    /** One series of the panel; only the bottom one names its x axis. */
    private static XYChart line(String title, double[] y, double lim, boolean bottom) {
        XYChart c = new XYChartBuilder()
                .width(1000)
                .height(bottom ? 190 : 160)
                .title(title)
                .xAxisTitle(bottom ? "trading day" : "")
                .yAxisTitle("log-return")
                .build();
        c.getStyler().setYAxisMin(-lim).setYAxisMax(lim);
        c.getStyler()
                .setLegendVisible(false)
                .setMarkerSize(0)
                .setChartTitleFont(new java.awt.Font(java.awt.Font.SANS_SERIF, java.awt.Font.PLAIN, 12));
        double[] x = new double[y.length];
        for (int i = 0; i < x.length; i++) {
            x[i] = i;
        }
        c.addSeries(title, x, y).setMarker(SeriesMarkers.NONE);
        // round day ticks (0, 200, 400, ...), not the data's own 0, 85, 170
        Plots.roundXTicks(c, 0, 1e-6 * y.length);
        return c;
    }

    /** The observed series above up to four generated ones, on one scale. */
    public static BufferedImage seriesPanel(SeriesStudy.Result r, String name) {
        double lim = Arrays.stream(r.observed()).map(Math::abs).max().orElse(1) * 1.05;
        List<BufferedImage> rows = new ArrayList<>();
        int shown = Math.min(4, r.generated().length);
        rows.add(BitmapEncoder.getBufferedImage(
                line("observed: " + name + " log-returns", r.observed(), lim, shown == 0)));
        for (int k = 0; k < shown; k++) {
            rows.add(BitmapEncoder.getBufferedImage(
                    line("generated " + k + " (same scale)", r.generated()[k], lim, k == shown - 1)));
        }
        int h = rows.stream().mapToInt(BufferedImage::getHeight).sum();
        BufferedImage out = new BufferedImage(rows.get(0).getWidth(), h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        int y = 0;
        for (BufferedImage b : rows) {
            g.drawImage(b, 0, y, null);
            y += b.getHeight();
        }
        g.dispose();
        return out;
    }

    /** Histogram densities of standardized returns on a log scale, with the Gaussian for reference. */
    public static XYChart density(SeriesStudy.Result r) {
        double mean = StylizedFacts.mean(r.observed());
        double std = StylizedFacts.std(r.observed());
        XYChart c = new XYChartBuilder()
                .width(700)
                .height(500)
                .title("density of returns / observed std (log scale)")
                .xAxisTitle("r / std")
                .yAxisTitle("density")
                .build();
        c.getStyler().setYAxisLogarithmic(true).setMarkerSize(4).setLegendPosition(Styler.LegendPosition.InsideNE);
        Plots.addDensity(c, "observed", new double[][] {r.observed()}, mean, std, -10, 10, 41);
        Plots.addDensity(c, "generated (pooled)", r.generated(), mean, std, -10, 10, 41);
        return Plots.addGaussian(c, -5, 5);
    }

    public static XYChart acf(SeriesStudy.Result r) {
        int lags = 50;
        XYChart c = new XYChartBuilder()
                .width(700)
                .height(500)
                .title("autocorrelation: returns and |returns|")
                .xAxisTitle("lag (days)")
                .yAxisTitle("acf")
                .build();
        c.getStyler().setMarkerSize(3).setLegendPosition(Styler.LegendPosition.InsideNE);
        double[] lag = new double[lags];
        for (int i = 0; i < lags; i++) {
            lag[i] = i + 1;
        }
        c.addSeries("observed |r|", lag, StylizedFacts.autocorrelation(StylizedFacts.abs(r.observed()), lags));
        c.addSeries(
                "generated |r| (mean)",
                lag,
                meanOver(r.generated(), x -> StylizedFacts.autocorrelation(StylizedFacts.abs(x), lags)));
        c.addSeries("observed r", lag, StylizedFacts.autocorrelation(r.observed(), lags));
        c.addSeries("generated r (mean)", lag, meanOver(r.generated(), x -> StylizedFacts.autocorrelation(x, lags)));
        return c;
    }

    public static XYChart leverage(SeriesStudy.Result r) {
        int lags = 30;
        XYChart c = new XYChartBuilder()
                .width(700)
                .height(500)
                .title("leverage E[r_t r_{t+tau}^2] / sigma^3")
                .xAxisTitle("tau (days)")
                .yAxisTitle("leverage")
                .build();
        c.getStyler().setMarkerSize(3).setLegendPosition(Styler.LegendPosition.InsideSE);
        double[] lag = new double[lags];
        for (int i = 0; i < lags; i++) {
            lag[i] = i + 1;
        }
        c.addSeries("observed", lag, StylizedFacts.leverage(r.observed(), lags));
        c.addSeries("generated (mean)", lag, meanOver(r.generated(), x -> StylizedFacts.leverage(x, lags)));
        return c;
    }

    private static double[] meanOver(double[][] g, java.util.function.Function<double[], double[]> f) {
        double[] m = null;
        for (double[] x : g) {
            double[] v = f.apply(x);
            if (m == null) {
                m = new double[v.length];
            }
            for (int i = 0; i < v.length; i++) {
                m[i] += v[i] / g.length;
            }
        }
        return m;
    }
}
