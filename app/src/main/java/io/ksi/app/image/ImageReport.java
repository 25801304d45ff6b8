package io.ksi.app.image;

import io.ksi.app.plot.Plots;
import io.ksi.app.study.SingleRealization;
import io.ksi.bridge.AtomicFiles;
import io.ksi.ensemble.metrics.PowerSpectrum;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.Styler;

/** Panels, power spectra and histograms of generated fields against the observed snapshot. */
public final class ImageReport {
    private ImageReport() {}

    /** Power per octave of wavenumber: observed, generated (mean over samples) and their ratio. */
    /** @param ratioError standard error of the ratio from the spread of the generated fields (NaN for one field) */
    public record Octave(int from, int to, double observed, double generated, double ratio, double ratioError) {}

    public static List<Octave> octaves(ImageStudy.Result r) {
        double[] o = PowerSpectrum.octaves(PowerSpectrum.shells(new float[][] {r.observed()}, r.size()));
        int n = r.generated().length;
        double[][] each = new double[n][];
        for (int i = 0; i < n; i++) {
            each[i] = PowerSpectrum.octaves(PowerSpectrum.shells(new float[][] {r.generated()[i]}, r.size()));
        }
        List<Octave> out = new ArrayList<>();
        for (int k = 0; k < o.length; k++) {
            double mean = 0;
            for (double[] e : each) {
                mean += e[k] / n;
            }
            double var = 0;
            for (double[] e : each) {
                var += (e[k] - mean) * (e[k] - mean) / (n - 1);
            }
            out.add(new Octave(1 << k, (1 << (k + 1)) - 1, o[k], mean, mean / o[k], Math.sqrt(var / n) / o[k]));
        }
        return out;
    }

    /** Largest relative power error over octaves. */
    public static double worstOctave(ImageStudy.Result r) {
        return octaves(r).stream()
                .mapToDouble(o -> Math.abs(o.ratio() - 1))
                .max()
                .orElse(Double.NaN);
    }

    public static void write(ImageStudy.Result r, float[][] moreTruth, Path dir) {
        // the report appears whole or not at all: every file is staged, then all are renamed into place
        try (AtomicFiles.Batch files = new AtomicFiles.Batch()) {
            files.stage(dir.resolve("fields.png"), AtomicFiles.pngOf(panel(r, moreTruth)));
            files.stage(dir.resolve("spectrum.png"), Plots.png(spectrum(r, moreTruth)));
            files.stage(dir.resolve("histogram.png"), Plots.png(histogram(r)));
            files.stage(dir.resolve("eta.png"), Plots.png(Plots.eta(r.ensemble())));
            files.stage(dir.resolve("report.md"), AtomicFiles.text(markdown(r)));
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("size", r.size());
            SingleRealization.putFit(
                    json,
                    r.settings(),
                    r.map().transform().scales(),
                    r.map().size(),
                    r.ensemble(),
                    r.settings().ridge() < 0,
                    smallerThanDefaults(r.settings()));
            json.put("octaves", octaves(r));
            json.put("worstOctaveError", worstOctave(r));
            json.put("fitSeconds", r.fitSeconds());
            json.put("sampleSeconds", r.sampleSeconds());
            files.stage(dir.resolve("results.json"), SingleRealization.resultsJson(json));
            files.commit();
        }
    }

    public static String summary(ImageStudy.Result r) {
        StringBuilder sb = new StringBuilder("power per octave of |k|: observed, generated (mean of "
                + r.generated().length + "), ratio +- standard error\n");
        for (Octave o : octaves(r)) {
            sb.append(String.format(
                    Locale.ROOT,
                    "  |k| %2d-%-2d  %.4e  %.4e  %.3f +- %.3f%n",
                    o.from(),
                    o.to(),
                    o.observed(),
                    o.generated(),
                    o.ratio(),
                    o.ratioError()));
        }
        double w = worstOctave(r);
        sb.append(String.format(
                Locale.ROOT,
                "%s worst octave off by %.1f%% (target: within 20%%)%n",
                w <= 0.2 ? "  ok  " : "  MISS",
                100 * w));
        if (smallerThanDefaults(r.settings())) {
            sb.append("  (").append(SingleRealization.SMALLER_THAN_DEFAULTS).append(")\n");
        }
        return sb.toString();
    }

    /** Whether the run is smaller than the study's defaults (a --quick run). */
    static boolean smallerThanDefaults(ImageStudy.Settings s) {
        return SingleRealization.smallerThanDefaults(s, ImageStudy.Settings.defaults());
    }

    private static String extras(ImageStudy.Settings s) {
        String id = s.identity() ? "the identity field x" : "";
        String bands = s.bands() ? "one band-pass field per shell of |k|" : "";
        String both = id.isEmpty() || bands.isEmpty() ? id + bands : id + " and " + bands;
        return both.isEmpty() ? "" : "; plus " + both;
    }

    static String markdown(ImageStudy.Result r) {
        ImageStudy.Settings s = r.settings();
        StringBuilder sb = new StringBuilder("# New fields from one snapshot\n\n");
        sb.append(String.format(
                Locale.ROOT,
                "One %dx%d vorticity snapshot (2D Navier-Stokes, standardized); %d fields generated by "
                        + "the kernel ensemble of %d features (scattering spectra J = %d, L = %d, %s, S2 frozen%s), "
                        + "linear schedule, %d noise "
                        + "pairs x %d fit times, relative ridge %.0e (Jacobi-scaled), %d optimal-diffusion steps. Fit "
                        + "%.0f s, sampling %.0f s.%n%n",
                r.size(),
                r.size(),
                r.generated().length,
                r.ensemble().fields().size(),
                r.map().transform().scales(),
                r.map().transform().orientations(),
                r.map().transform().reduction().name().toLowerCase(Locale.ROOT),
                extras(s),
                s.pairs(),
                r.ensemble().eta().times().length,
                r.ensemble().ridge(),
                s.steps(),
                r.fitSeconds(),
                r.sampleSeconds()));
        sb.append("| octave of \\|k\\| | observed power | generated (mean) | ratio ± standard error "
                + "|\n|---|---|---|---|\n");
        for (Octave o : octaves(r)) {
            sb.append(String.format(
                    Locale.ROOT,
                    "| %d-%d | %.4e | %.4e | %.3f ± %.3f |%n",
                    o.from(),
                    o.to(),
                    o.observed(),
                    o.generated(),
                    o.ratio(),
                    o.ratioError()));
        }
        double w = worstOctave(r);
        sb.append(String.format(
                Locale.ROOT,
                "%nWorst octave off by %.1f%%: %s.%s%n",
                100 * w,
                w <= 0.2 ? "within 20%" : "**not within 20%**",
                smallerThanDefaults(s) ? " (" + SingleRealization.SMALLER_THAN_DEFAULTS + ".)" : ""));
        sb.append("\n![fields](fields.png)\n\n![spectrum](spectrum.png)\n\n"
                + "![histogram](histogram.png)\n\n![eta](eta.png)\n");
        return sb.toString();
    }

    /** Top row: the observed snapshot and other snapshots of the same flow; bottom row: generated fields. */
    public static BufferedImage panel(ImageStudy.Result r, float[][] moreTruth) {
        int n = r.size();
        int scale = Math.max(1, 192 / n);
        int cell = n * scale + 6;
        List<float[]> top = new ArrayList<>();
        top.add(r.observed());
        for (float[] t : moreTruth) {
            top.add(t);
        }
        int cols = Math.max(top.size(), r.generated().length);
        cols = Math.min(cols, 6);
        BufferedImage img = new BufferedImage(cols * cell, 2 * cell + 20, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, img.getWidth(), img.getHeight());
        g.setColor(Color.BLACK);
        g.drawString("top: observed (left), other snapshots of the same flow; bottom: generated", 4, 14);
        for (int k = 0; k < Math.min(cols, top.size()); k++) {
            draw(img, top.get(k), n, scale, k * cell + 3, 20 + 3);
        }
        for (int k = 0; k < Math.min(cols, r.generated().length); k++) {
            draw(img, r.generated()[k], n, scale, k * cell + 3, 20 + cell + 3);
        }
        g.dispose();
        return img;
    }

    /** Diverging blue-white-red map over [-3, 3] standard deviations. */
    private static void draw(BufferedImage img, float[] f, int n, int scale, int x0, int y0) {
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double v = Math.max(-1, Math.min(1, f[i * n + j] / 3.0));
                int r = (int) (255 * (v > 0 ? 1 : 1 + v));
                int b = (int) (255 * (v < 0 ? 1 : 1 - v));
                int gr = (int) (255 * (1 - Math.abs(v)));
                int rgb = (r << 16) | (gr << 8) | b;
                for (int a = 0; a < scale; a++) {
                    for (int c = 0; c < scale; c++) {
                        img.setRGB(x0 + j * scale + c, y0 + i * scale + a, rgb);
                    }
                }
            }
        }
    }

    public static XYChart spectrum(ImageStudy.Result r, float[][] moreTruth) {
        XYChart c = new XYChartBuilder()
                .width(700)
                .height(500)
                .title("isotropic power spectrum")
                .xAxisTitle("|k|")
                .yAxisTitle("power")
                .build();
        c.getStyler().setXAxisLogarithmic(true).setYAxisLogarithmic(true);
        c.getStyler().setLegendPosition(Styler.LegendPosition.InsideSW).setMarkerSize(4);
        add(c, "observed", PowerSpectrum.shells(new float[][] {r.observed()}, r.size()));
        if (moreTruth.length > 0) {
            add(c, "other snapshots (mean)", PowerSpectrum.shells(moreTruth, r.size()));
        }
        add(c, "generated (mean)", PowerSpectrum.shells(r.generated(), r.size()));
        return c;
    }

    /**
     * Shells with power, leaving out those below 1e-8 of the largest: a shell that holds almost no mode (the corner
     * beyond the dealiasing cut) otherwise stretched the axis down to 1e-16.
     */
    private static void add(XYChart c, String name, double[] shells) {
        List<Double> x = new ArrayList<>();
        List<Double> y = new ArrayList<>();
        double top = java.util.Arrays.stream(shells).max().orElse(0);
        for (int s = 1; s < shells.length; s++) {
            if (shells[s] > 1e-8 * top) {
                x.add((double) s);
                y.add(shells[s]);
            }
        }
        c.addSeries(name, x, y);
    }

    public static XYChart histogram(ImageStudy.Result r) {
        XYChart c = new XYChartBuilder()
                .width(700)
                .height(500)
                .title("pixel values (log density)")
                .xAxisTitle("vorticity / std")
                .yAxisTitle("density")
                .build();
        c.getStyler().setYAxisLogarithmic(true);
        c.getStyler().setMarkerSize(4).setLegendPosition(Styler.LegendPosition.InsideNE);
        Plots.addDensity(c, "observed", new double[][] {toDouble(r.observed())}, 0, 1, -6, 6, 48);
        double[][] gen = new double[r.generated().length][];
        for (int k = 0; k < gen.length; k++) {
            gen[k] = toDouble(r.generated()[k]);
        }
        Plots.addDensity(c, "generated (pooled)", gen, 0, 1, -6, 6, 48);
        // the Gaussian only as far as the data reach: at +-6 it fell to 1e-8 and squeezed the histograms
        return Plots.addGaussian(c, -4, 4);
    }

    private static double[] toDouble(float[] f) {
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) {
            d[i] = f[i];
        }
        return d;
    }
}
