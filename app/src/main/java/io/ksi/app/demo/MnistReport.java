package io.ksi.app.demo;

import ai.djl.ndarray.types.Shape;
import com.google.gson.GsonBuilder;
import io.ksi.app.demo.MnistClaims.Claim;
import io.ksi.app.demo.MnistStudy.Kind;
import io.ksi.app.demo.MnistStudy.Outcome;
import io.ksi.app.demo.MnistStudy.Scored;
import io.ksi.app.plot.ImageGrid;
import io.ksi.app.plot.Plots;
import io.ksi.bridge.AtomicFiles;
import io.ksi.ensemble.KernelEnsemble;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.Styler;

/**
 * Writes the real-data demo's out/demo/: report.md (headline table and picture first), sample grids, the FID and
 * likelihood charts, results.json, and every sample set as samples/NAME.npy (float32 [N, 1, 28, 28], pixels on [0, 1]
 * clipped).
 */
public final class MnistReport {
    private static final Shape IMAGE = ImageJudge.MNIST;
    private static final int D = (int) IMAGE.size();
    /** The headline picture's panels: what a reader compares at a glance. */
    private static final List<String[]> HEADLINE = List.of(
            new String[] {"mnist-heldout", "real MNIST digits"},
            new String[] {"mnist-100-member-best", "best member as trained"},
            new String[] {"mnist-100-fit1-best", "best one-model fit"},
            new String[] {"mnist-100-P20", "ensemble of 20 (ksi)"},
            new String[] {"oracle", "oracle (trained 40x longer)"});

    private MnistReport() {}

    public static void write(Outcome o, Path dir) {
        List<Claim> claims = MnistClaims.check(o);
        try (AtomicFiles.Batch files = new AtomicFiles.Batch()) {
            files.stage(dir.resolve("headline.png"), AtomicFiles.pngOf(headline(o)));
            for (Scored s : o.sets()) {
                if (saved(s)) {
                    files.stage(dir.resolve("samples/" + s.name() + ".npy"), npy(s.samples()));
                }
                if (hasGrid(s)) {
                    files.stage(dir.resolve(s.name() + ".png"), grid(s.samples(), 64));
                }
            }
            files.stage(dir.resolve("members-as-trained.png"), AtomicFiles.pngOf(members(o)));
            files.stage(dir.resolve("fid-vs-P.png"), Plots.png(chart(o, false)));
            files.stage(dir.resolve("likelihood-vs-P.png"), Plots.png(chart(o, true)));
            files.stage(dir.resolve("fid-vs-calls.png"), Plots.png(costChart(o)));
            try (KernelEnsemble e =
                    o.union().subset(o.get("mnist-100-P20").set().members()).withBestRidge()) {
                files.stage(dir.resolve("eta-mnist-100.png"), Plots.png(Plots.eta(e)));
            }
            files.stage(dir.resolve("report.md"), AtomicFiles.text(markdown(o, claims)));
            files.stage(dir.resolve("results.json"), AtomicFiles.text(json(o, claims)));
            files.commit();
        }
    }

    /** The sets the issue names, plus the sweep and the held-out digits; not the 20 intermediate one-model fits. */
    static boolean saved(Scored s) {
        return s.set().kind() != Kind.ONE_MODEL_FIT || s.set().rescored();
    }

    /** Sets with a picture of their own; the members as trained share members-as-trained.png. */
    static boolean hasGrid(Scored s) {
        return s.set().rescored()
                || (s.set().kind() != Kind.AS_TRAINED && s.set().kind() != Kind.ONE_MODEL_FIT);
    }

    /** Summary printed at the end of a run. */
    public static String summary(Outcome o) {
        StringBuilder b = new StringBuilder();
        for (Claim c : MnistClaims.check(o)) {
            b.append(String.format(Locale.ROOT, "[%s] %s: %s%n", c.holds() ? "yes" : "NO ", c.claim(), c.measured()));
        }
        return b.toString();
    }

    private static AtomicFiles.Content npy(float[] samples) {
        return DemoPictures.npy(samples, IMAGE);
    }

    private static AtomicFiles.Content grid(float[] samples, int n) {
        return ImageGrid.png(Arrays.copyOf(samples, Math.min(samples.length, n * D)), IMAGE, 8, 2);
    }

    private static BufferedImage headline(Outcome o) {
        return DemoPictures.headline(
                HEADLINE.stream()
                        .map(h -> {
                            Scored s = o.get(h[0]);
                            String fid = s.set().kind() == Kind.DATA
                                    ? ""
                                    : String.format(Locale.ROOT, ", FID %.0f", s.fid());
                            return new DemoPictures.Panel(h[1] + fid, s.samples());
                        })
                        .toList(),
                IMAGE,
                2);
    }

    /** One row per 100-step member as trained: its first 12 samples. */
    private static BufferedImage members(Outcome o) {
        List<Scored> m = o.ofKind(Kind.AS_TRAINED).stream()
                .filter(s -> !s.set().rescored())
                .toList();
        int per = 12;
        float[] v = new float[m.size() * per * D];
        for (int i = 0; i < m.size(); i++) {
            System.arraycopy(m.get(i).samples(), 0, v, i * per * D, per * D);
        }
        return ImageGrid.withRowLabels(
                ImageGrid.render(v, IMAGE, per, 2),
                m.stream()
                        .map(s -> String.format(
                                Locale.ROOT, "%s  FID %.0f", s.name(), s.judge().fid()))
                        .toList());
    }

    private static XYChart chart(Outcome o, boolean likelihood) {
        XYChart chart = new XYChartBuilder()
                .width(800)
                .height(500)
                .title(
                        likelihood
                                ? "oracle log-likelihood of generated digits vs ensemble size"
                                : "FID of generated digits vs ensemble size (project's MNIST judge)")
                .xAxisTitle("P (first P members of the cohort)")
                .yAxisTitle(likelihood ? "log-likelihood, bits/dim (higher is better)" : "FID (lower is better)")
                .build();
        chart.getStyler()
                .setLegendPosition(likelihood ? Styler.LegendPosition.InsideSE : Styler.LegendPosition.InsideNE);
        for (String cohort : List.of(MnistCohorts.MNIST_50.name(), MnistCohorts.MNIST_100.name())) {
            List<Scored> pts = o.sweep(cohort);
            chart.addSeries(
                    cohort.replace("mnist-", "") + "-step cohort",
                    pts.stream().mapToDouble(s -> s.set().members().length).toArray(),
                    pts.stream()
                            .mapToDouble(s -> likelihood ? s.bitsPerDim() : s.fid())
                            .toArray(),
                    pts.stream()
                            .mapToDouble(s -> likelihood ? s.bitsPerDimError() : s.fidError())
                            .toArray());
        }
        Scored oracle = o.get("oracle");
        double y = likelihood ? oracle.bitsPerDim() : oracle.fid();
        chart.addSeries("oracle's own samples", new double[] {1, 20}, new double[] {y, y})
                .setMarker(org.knowm.xchart.style.markers.SeriesMarkers.NONE);
        return chart;
    }

    /** The rows of the rules comparison: the dense kernel ensemble, its rivals, and the references. */
    static final List<String[]> RULE_ROWS = List.of(
            new String[] {"mnist-100-P20", "kernel eta(t), 20 members (ksi)", "kernel, 20 (ksi)"},
            new String[] {"mnist-100-top8", "kernel, 8 members per time (top:8)", "top:8"},
            new String[] {"mnist-100-top4", "kernel, 4 members per time (top:4)", "top:4"},
            new String[] {"mnist-100-top2", "kernel, 2 members per time (top:2)", "top:2"},
            new String[] {"mnist-100-top1", "kernel, 1 member per time (top:1)", "top:1"},
            new String[] {"mnist-100-best", "the best member per time, as trained", "best per time"},
            new String[] {"mnist-100-route", "members whose training window holds t, averaged", "route by window"},
            new String[] {"mnist-100-uniform", "uniform average of all 20", "uniform average"},
            new String[] {"mnist-100-sum1", "least squares with weights summing to one", "sum-to-one"},
            new String[] {"mnist-100-superdiff", "SuperDiff OR rule (per-sample weights, no fit)", "SuperDiff OR"},
            new String[] {"equal-compute", "one model with the cohort's compute", "equal-compute model"},
            new String[] {"oracle", "oracle (trained 40x longer)", "oracle"});

    private static String rulesTable(Outcome o) {
        StringBuilder b = new StringBuilder("## Worth it? The fitted combination against what practitioners do\n\n");
        b.append("| rule | FID | recognized | class entropy | model calls per sample | sampling s | held-out loss |\n"
                + "|---|--:|--:|--:|--:|--:|--:|\n");
        for (String[] row : RULE_ROWS) {
            Scored x = o.get(row[0]);
            b.append(String.format(
                    Locale.ROOT,
                    "| [%s](%s.png) | %.1f ± %.1f | %.3f | %.3f | %.0f | %.1f | %s |%n",
                    row[1],
                    x.name(),
                    x.fid(),
                    x.fidError(),
                    x.judge().recognized(),
                    x.judge().classEntropy(),
                    x.callsPerSample(),
                    x.sampleSeconds(),
                    Double.isNaN(x.heldOutLoss()) ? "–" : String.format(Locale.ROOT, "%.1f", x.heldOutLoss())));
        }
        b.append("\n![FID against model calls per sample](fid-vs-calls.png)\n\n");
        b.append("A drawer that holds a good model (the equal-compute one) beside the 20 weak members, fitted"
                + " together:\n\n| set | FID | recognized | class entropy | held-out loss |\n|---|--:|--:|--:|--:|\n");
        for (String name : List.of("good-alone", "good-plus-20", "good-plus-20-safe")) {
            Scored x = o.get(name);
            b.append(String.format(
                    Locale.ROOT,
                    "| [%s](%s.png) | %.1f ± %.1f | %.3f | %.3f | %.1f |%n",
                    name,
                    name,
                    x.fid(),
                    x.fidError(),
                    x.judge().recognized(),
                    x.judge().classEntropy(),
                    x.heldOutLoss()));
        }
        b.append("\n");
        return b.toString();
    }

    /** One rule's point on the cost chart. */
    record CostPoint(String label, double calls, double fid, double fidError) {}

    /** FID against model calls per sample, one point per rule, same noise for all. */
    private static XYChart costChart(Outcome o) {
        List<CostPoint> points = RULE_ROWS.stream()
                .map(row -> {
                    Scored x = o.get(row[0]);
                    return new CostPoint(row[2], x.callsPerSample(), x.fid(), x.fidError());
                })
                .toList();
        return costChart(points, o.get("mnist-100-uniform").fid());
    }

    /** The cost chart of these points; the y axis ends a little above {@code highestShown}. */
    static XYChart costChart(List<CostPoint> points, double highestShown) {
        XYChart chart = new XYChartBuilder()
                .width(1000)
                .height(560)
                .title("FID against model calls per sample (100-step cohort, same noise)")
                .xAxisTitle("model calls per sample (log scale)")
                .yAxisTitle("FID (lower is better)")
                .build();
        chart.getStyler().setDefaultSeriesRenderStyle(org.knowm.xchart.XYSeries.XYSeriesRenderStyle.Scatter);
        chart.getStyler().setXAxisLogarithmic(true);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        chart.getStyler().setMarkerSize(10);
        // a rule far above the rest would squash them: drawn at the top edge, its FID in the legend
        double top = 50 * Math.ceil(1.15 * highestShown / 50);
        chart.getStyler().setYAxisMin(0.0).setYAxisMax(top).setXAxisMin(20.0).setXAxisMax(1200.0);
        for (CostPoint p : points) {
            boolean above = p.fid() > top;
            chart.addSeries(
                    above ? String.format(Locale.ROOT, "%s (FID %.0f, above)", p.label(), p.fid()) : p.label(),
                    new double[] {Math.max(1, p.calls())},
                    new double[] {above ? top : p.fid()},
                    new double[] {above ? 0 : p.fidError()});
        }
        return chart;
    }

    private static String markdown(Outcome o, List<Claim> claims) {
        StringBuilder b = new StringBuilder();
        MnistSettings s = o.settings();
        b.append("# Weak U-Nets on real MNIST, combined without training\n\n");
        b.append("| claim | holds | measured |\n|---|:-:|---|\n");
        for (Claim c : claims) {
            b.append("| ")
                    .append(c.claim())
                    .append(" | ")
                    .append(c.holds() ? "yes" : "**no**")
                    .append(" | ")
                    .append(c.measured())
                    .append(" |\n");
        }
        b.append("\n![real digits, best member, best one-model fit, ensemble of 20, oracle](headline.png)\n\n");
        b.append(String.format(
                Locale.ROOT,
                "Settings: %d MNIST train pairs (+%d held out for the ridge) x %d times, optimal-diffusion sampler"
                        + " with %d steps, %d samples per set from the same noise, seed %d. Judge:"
                        + " models/judge/mnist_judge.pt "
                        + "(FID in its features against the 1,000 held-out digits, ± the bootstrap spread over %d "
                        + "resamples; recognized = confidence > 0.9); oracle likelihood on the first %d samples of "
                        + "each set. Run time %.0f s (fit %.0f s).%n%n",
                s.pairs(),
                s.heldOutPairs(),
                s.fitSteps() + 1,
                s.sampleSteps(),
                s.samples(),
                s.seed(),
                s.bootstrap(),
                s.likelihoodSamples(),
                o.seconds().get("total"),
                o.seconds().get("fit")));
        b.append("![FID vs P](fid-vs-P.png)\n\n![log-likelihood vs P](likelihood-vs-P.png)\n\n");
        b.append(rulesTable(o));
        b.append("## Every sample set\n\n");
        b.append("| set | models | FID | recognized | mean confidence | class entropy | ink | oracle bits/dim |"
                + " held-out loss |\n|---|--:|--:|--:|--:|--:|--:|--:|--:|\n");
        for (Scored x : o.sets()) {
            if (x.set().kind() == Kind.ONE_MODEL_FIT && !x.set().rescored()) {
                continue;
            }
            b.append(String.format(
                    Locale.ROOT,
                    "| %s | %d | %.1f ± %.1f | %.3f | %.3f | %.3f | %.3f | %s | %s |%n",
                    hasGrid(x) ? "[" + x.name() + "](" + x.name() + ".png)" : x.name(),
                    x.set().members().length,
                    x.fid(),
                    x.fidError(),
                    x.judge().recognized(),
                    x.judge().meanConfidence(),
                    x.judge().classEntropy(),
                    x.judge().meanInk(),
                    Double.isNaN(x.bitsPerDim())
                            ? "–"
                            : String.format(Locale.ROOT, "%.3f ± %.3f", x.bitsPerDim(), x.bitsPerDimError()),
                    Double.isNaN(x.heldOutLoss()) ? "–" : String.format(Locale.ROOT, "%.1f", x.heldOutLoss())));
        }
        b.append("\nMembers as trained (one row each): ![members](members-as-trained.png)\n\n");
        b.append("eta(t) of the ensemble of 20: ![eta](eta-mnist-100.png)\n");
        return b.toString();
    }

    private static String json(Outcome o, List<Claim> claims) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("settings", o.settings());
        root.put("seconds", o.seconds());
        root.put("claims", claims);
        List<Map<String, Object>> sets = o.sets().stream()
                .map(x -> {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("name", x.name());
                    m.put("kind", x.set().kind().name().toLowerCase(Locale.ROOT));
                    m.put("rescored", x.set().rescored());
                    m.put(
                            "models",
                            Arrays.stream(x.set().members())
                                    .mapToObj(o.fieldNames()::get)
                                    .toList());
                    m.put("fid", x.fid());
                    m.put("fidError", x.fidError());
                    m.put("recognized", x.judge().recognized());
                    m.put("meanConfidence", x.judge().meanConfidence());
                    m.put("classEntropy", x.judge().classEntropy());
                    m.put("meanInk", x.judge().meanInk());
                    m.put("classCounts", x.judge().classCounts());
                    m.put("bitsPerDim", Double.isNaN(x.bitsPerDim()) ? null : x.bitsPerDim());
                    m.put("bitsPerDimError", Double.isNaN(x.bitsPerDimError()) ? null : x.bitsPerDimError());
                    m.put("heldOutLoss", Double.isNaN(x.heldOutLoss()) ? null : x.heldOutLoss());
                    m.put("samples", x.samples().length / D);
                    m.put("callsPerSample", x.callsPerSample());
                    m.put("sampleSeconds", x.sampleSeconds());
                    return m;
                })
                .toList();
        root.put("sets", sets);
        return new GsonBuilder()
                        .setPrettyPrinting()
                        .serializeSpecialFloatingPointValues()
                        .create()
                        .toJson(root)
                + "\n";
    }
}
