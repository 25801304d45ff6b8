package io.ksi.app.demo;

import ai.djl.ndarray.types.Shape;
import com.google.gson.GsonBuilder;
import io.ksi.app.demo.EmojiStudy.Kind;
import io.ksi.app.demo.EmojiStudy.Outcome;
import io.ksi.app.demo.EmojiStudy.Scored;
import io.ksi.app.demo.MnistClaims.Claim;
import io.ksi.app.plot.ImageGrid;
import io.ksi.app.plot.Plots;
import io.ksi.bridge.AtomicFiles;
import io.ksi.ensemble.KernelEnsemble;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Writes the colour study's out/demo-color/: report.md (claims, headline picture and table first), results.json, the
 * sample sets as samples/NAME.npy (float32 [N, 3, 32, 32] in [0, 1]), FID against P and eta(t) of the ensemble of 25.
 */
public final class EmojiReport {
    private static final Shape IMAGE = EmojiStudy.IMAGE;
    private static final int D = (int) IMAGE.size();
    private static final int SCALE = 3;

    /** The headline picture's panels: what a reader compares at a glance. */
    private static final List<String[]> HEADLINE = List.of(
            new String[] {"noto-heldout", "real Noto emoji (held out)"},
            new String[] {"noto-member-best", "best member as trained"},
            new String[] {"noto-fit1-best", "best one-model fit"},
            new String[] {"noto-P25", "ensemble of 25 (ksi)"},
            new String[] {"oracle", "oracle (the same template, trained long)"});

    private EmojiReport() {}

    /** The colour study's claims (issue O's acceptance), each checked on one outcome. */
    public static List<Claim> claims(Outcome o) {
        List<Claim> out = new ArrayList<>();
        Scored p25 = o.get("noto-P25");
        Scored member = o.get("noto-member-best");
        Scored fit1 = o.get("noto-fit1-best");
        out.add(new Claim(
                "FID of the ensemble of 25 <= 0.5 x the best member as trained",
                p25.fid() <= 0.5 * member.fid(),
                ratio(p25.fid(), member.fid())));
        out.add(new Claim(
                "FID of the ensemble of 25 <= 0.75 x the best one-model fit",
                p25.fid() <= 0.75 * fit1.fid(),
                ratio(p25.fid(), fit1.fid())));
        List<Scored> sweep = o.sweep();
        boolean falls = true;
        for (int k = 1; k < sweep.size(); k++) {
            falls &= sweep.get(k).fid() < sweep.get(k - 1).fid();
        }
        out.add(new Claim(
                "FID falls with P: P25 < P10 < P5 < P1",
                falls,
                String.join(
                        " > ",
                        sweep.stream()
                                .map(s -> String.format(
                                        Locale.ROOT,
                                        "%.1f (P%d)",
                                        s.fid(),
                                        s.set().members().length))
                                .toList())));
        Scored all = o.get("cross-all");
        Scored noto = o.get("cross-noto");
        double spread = Math.hypot(all.fidError(), noto.fidError());
        out.add(new Claim(
                "cross-vendor: 10 Twemoji + 10 Noto models beat the 10 Noto alone beyond the bootstrap spread",
                noto.fid() - all.fid() > spread,
                String.format(Locale.ROOT, "FID %.1f vs %.1f (combined spread %.1f)", all.fid(), noto.fid(), spread)));
        Scored real = o.get("noto-heldout");
        out.add(new Claim(
                "class entropy of the ensemble's samples >= 0.9 x the held-out emoji's",
                p25.judge().classEntropy() >= 0.9 * real.judge().classEntropy(),
                String.format(
                        Locale.ROOT,
                        "%.3f vs %.3f (ratio %.2f)",
                        p25.judge().classEntropy(),
                        real.judge().classEntropy(),
                        p25.judge().classEntropy() / real.judge().classEntropy())));
        return out;
    }

    private static String ratio(double a, double b) {
        return String.format(Locale.ROOT, "%.1f vs %.1f (ratio %.2f)", a, b, a / b);
    }

    public static void write(Outcome o, Path dir) {
        List<Claim> claims = claims(o);
        try (AtomicFiles.Batch files = new AtomicFiles.Batch()) {
            files.stage(dir.resolve("headline.png"), AtomicFiles.pngOf(headline(o)));
            for (Scored s : o.sets()) {
                files.stage(dir.resolve("samples/" + s.name() + ".npy"), npy(s.samples()));
                if (s.set().kind() != Kind.AS_TRAINED || s.name().equals("noto-member-best")) {
                    files.stage(
                            dir.resolve(s.name() + ".png"),
                            ImageGrid.png(
                                    Arrays.copyOf(s.samples(), Math.min(s.samples().length, 64 * D)), IMAGE, 8, SCALE));
                }
            }
            files.stage(dir.resolve("fid-vs-P.png"), Plots.png(chart(o)));
            try (KernelEnsemble e =
                    o.union().subset(o.get("noto-P25").set().members()).withBestRidge()) {
                files.stage(dir.resolve("eta-noto-P25.png"), Plots.png(Plots.eta(e)));
            }
            files.stage(dir.resolve("report.md"), AtomicFiles.text(markdown(o, claims)));
            files.stage(dir.resolve("results.json"), AtomicFiles.text(json(o, claims)));
            files.commit();
        }
    }

    /** Summary printed at the end of a run. */
    public static String summary(Outcome o) {
        StringBuilder b = new StringBuilder();
        for (Claim c : claims(o)) {
            b.append(String.format(Locale.ROOT, "[%s] %s: %s%n", c.holds() ? "yes" : "NO ", c.claim(), c.measured()));
        }
        return b.toString();
    }

    private static AtomicFiles.Content npy(float[] samples) {
        return DemoPictures.npy(samples, IMAGE);
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
                SCALE);
    }

    private static XYChart chart(Outcome o) {
        XYChart chart = new XYChartBuilder()
                .width(800)
                .height(500)
                .title("FID of generated emoji vs ensemble size (project's emoji judge)")
                .xAxisTitle("P (first P Noto members)")
                .yAxisTitle("FID (lower is better)")
                .build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
        List<Scored> pts = o.sweep();
        chart.addSeries(
                "Noto ensembles",
                pts.stream().mapToDouble(s -> s.set().members().length).toArray(),
                pts.stream().mapToDouble(Scored::fid).toArray(),
                pts.stream().mapToDouble(Scored::fidError).toArray());
        double last = pts.get(pts.size() - 1).set().members().length;
        for (String[] ref : List.of(
                new String[] {"noto-member-best", "best member as trained"},
                new String[] {"cross-all", "10 Noto + 10 Twemoji"},
                new String[] {"oracle", "oracle's own samples"})) {
            double y = o.get(ref[0]).fid();
            chart.addSeries(ref[1], new double[] {1, last}, new double[] {y, y}).setMarker(SeriesMarkers.NONE);
        }
        return chart;
    }

    private static String markdown(Outcome o, List<Claim> claims) {
        StringBuilder b = new StringBuilder();
        EmojiSettings s = o.settings();
        b.append("# Weak U-Nets on real emoji art, combined without training\n\n");
        b.append("| claim | holds | measured |\n|---|:-:|---|\n");
        for (Claim c : claims) {
            b.append(String.format(
                    Locale.ROOT, "| %s | %s | %s |%n", c.claim(), c.holds() ? "yes" : "**no**", c.measured()));
        }
        b.append("\n![real emoji, best member, best one-model fit, ensemble of 25, oracle](headline.png)\n\n");
        b.append(String.format(
                Locale.ROOT,
                "Settings: %d Noto training pairs (+%d held out for the ridge) x %d times, the %s sampler"
                        + " with %d steps, %d samples per set from the same noise, seed %d. Judge:"
                        + " models/judge/emoji_judge.pt (FID in its features against the %s held-out Noto emoji,"
                        + " ± the bootstrap spread over %d resamples; class entropy over its nine categories);"
                        + " oracle likelihood on the first %d samples. Run time %.0f s (fit %.0f s).%n%n",
                s.pairs(),
                s.heldOutPairs(),
                s.fitSteps() + 1,
                s.sampler(),
                s.sampleSteps(),
                s.samples(),
                s.seed(),
                "506",
                s.bootstrap(),
                s.likelihoodSamples(),
                o.seconds().get("total"),
                o.seconds().get("fit")));
        b.append(likelihoodLine(o));
        b.append("![FID vs P](fid-vs-P.png)\n\n");
        b.append("| set | models | FID | class entropy | recognized | oracle bits/dim | held-out loss | calls/sample |"
                + " sampling s |\n|---|--:|--:|--:|--:|--:|--:|--:|--:|\n");
        for (Scored x : o.sets()) {
            b.append(String.format(
                    Locale.ROOT,
                    "| %s | %d | %.1f ± %.1f | %.3f | %.3f | %s | %s | %.0f | %.0f |%n",
                    x.name(),
                    x.set().members().length,
                    x.fid(),
                    x.fidError(),
                    x.judge().classEntropy(),
                    x.judge().recognized(),
                    Double.isNaN(x.bitsPerDim())
                            ? "–"
                            : String.format(Locale.ROOT, "%.3f ± %.3f", x.bitsPerDim(), x.bitsPerDimError()),
                    Double.isNaN(x.heldOutLoss()) ? "–" : String.format(Locale.ROOT, "%.1f", x.heldOutLoss()),
                    x.callsPerSample(),
                    x.sampleSeconds()));
        }
        b.append("\neta(t) of the ensemble of 25: ![eta](eta-noto-P25.png)\n");
        return b.toString();
    }

    /** The same sets by the paper's MNIST metric, where FID and the eye can disagree with it. */
    private static String likelihoodLine(Outcome o) {
        List<String> parts = new ArrayList<>();
        for (String[] h : List.of(
                new String[] {"noto-P25", "ensemble of 25"},
                new String[] {"noto-member-best", "best member as trained"},
                new String[] {"noto-fit1-best", "best one-model fit"},
                new String[] {"noto-P1", "P1"},
                new String[] {"oracle", "the oracle's own samples"},
                new String[] {"noto-heldout", "held-out emoji"})) {
            Scored x = o.get(h[0]);
            if (!Double.isNaN(x.bitsPerDim())) {
                parts.add(String.format(Locale.ROOT, "%s %.3f ± %.3f", h[1], x.bitsPerDim(), x.bitsPerDimError()));
            }
        }
        return parts.isEmpty()
                ? ""
                : "By the oracle's likelihood, the paper's MNIST metric (bits/dim, higher is nearer the data, ± its"
                        + " standard error): " + String.join("; ", parts) + ".\n\n";
    }

    private static String json(Outcome o, List<Claim> claims) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("settings", o.settings());
        root.put("seconds", o.seconds());
        root.put("claims", claims);
        root.put(
                "sets",
                o.sets().stream()
                        .map(x -> {
                            Map<String, Object> m = new LinkedHashMap<>();
                            m.put("name", x.name());
                            m.put("kind", x.set().kind().name().toLowerCase(Locale.ROOT));
                            m.put(
                                    "models",
                                    Arrays.stream(x.set().members())
                                            .mapToObj(o.fieldNames()::get)
                                            .toList());
                            m.put("fid", x.fid());
                            m.put("fidError", x.fidError());
                            m.put("classEntropy", x.judge().classEntropy());
                            m.put("recognized", x.judge().recognized());
                            m.put("classCounts", x.judge().classCounts());
                            m.put("bitsPerDim", Double.isNaN(x.bitsPerDim()) ? null : x.bitsPerDim());
                            m.put("bitsPerDimError", Double.isNaN(x.bitsPerDimError()) ? null : x.bitsPerDimError());
                            m.put("heldOutLoss", Double.isNaN(x.heldOutLoss()) ? null : x.heldOutLoss());
                            m.put("callsPerSample", x.callsPerSample());
                            m.put("sampleSeconds", x.sampleSeconds());
                            return m;
                        })
                        .toList());
        return new GsonBuilder()
                        .setPrettyPrinting()
                        .serializeSpecialFloatingPointValues()
                        .create()
                        .toJson(root)
                + "\n";
    }
}
