package io.ksi.app.demo;

import ai.djl.ndarray.types.Shape;
import com.google.gson.GsonBuilder;
import io.ksi.ensemble.KernelEnsemble;
import io.ksi.app.demo.WeakEnsembleStudy.Outcome;
import io.ksi.app.demo.WeakEnsembleStudy.Score;
import io.ksi.app.plot.ImageGrid;
import io.ksi.app.plot.Plots;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** Writes the demo's pictures, report.md and results.json, and the summary it prints. */
public final class DemoReport {
    /** Mean and standard error of one cohort at one ensemble size. */
    public record Point(String cohort, int size, int count, double bitsPerDim, double error, double mmd, double precision,
                        double recall) {
    }

    private static final Shape IMAGE = WeakEnsembleStudy.IMAGE;
    private static final int D = (int) IMAGE.size();

    private DemoReport() {
    }

    /**
     * Mean over subsets; the error is the standard error over subsets when there are several, otherwise the oracle's
     * own Monte-Carlo error of that one ensemble.
     */
    public static List<Point> sweep(Outcome o, String cohort) {
        List<Point> out = new ArrayList<>();
        o.scores().stream().filter(s -> s.group().equals(cohort)).mapToInt(Score::size).distinct().sorted().forEach(p -> {
            List<Score> g = o.scores().stream().filter(s -> s.group().equals(cohort) && s.size() == p).toList();
            double mean = g.stream().mapToDouble(Score::bitsPerDim).average().orElseThrow();
            double err = g.size() > 1
                    ? Math.sqrt(g.stream().mapToDouble(s -> (s.bitsPerDim() - mean) * (s.bitsPerDim() - mean)).sum()
                    / (g.size() - 1) / g.size())
                    : g.get(0).bitsPerDimError();
            out.add(new Point(cohort, p, g.size(), mean, err, g.stream().mapToDouble(Score::mmd).average().orElseThrow(),
                    g.stream().mapToDouble(Score::precision).average().orElseThrow(),
                    g.stream().mapToDouble(Score::recall).average().orElseThrow()));
        });
        return out;
    }

    /** The member with the highest log-likelihood, as scored again on fresh samples and probes (no selection bias). */
    public static Score bestMember(Outcome o, String cohort) {
        return o.scores().stream().filter(s -> s.group().equals(cohort + " best member, re-scored")).findFirst().orElseThrow();
    }

    /** The member of the raw cohort with the highest score as trained (no fit), re-scored on fresh samples. */
    public static Score bestAsTrained(Outcome o) {
        return group(o, WeakEnsembleStudy.RAW_COHORT + WeakEnsembleStudy.AS_TRAINED + ", best");
    }

    public static Score full(Outcome o, String cohort) {
        return o.scores().stream().filter(s -> s.group().equals(cohort)).max(Comparator.comparingInt(Score::size)).orElseThrow();
    }

    public static Score group(Outcome o, String prefix) {
        return o.scores().stream().filter(s -> s.group().startsWith(prefix)).findFirst().orElseThrow();
    }

    /** Every member of the raw cohort alone: its one-model fits and its own samplers as trained (not the re-scores). */
    public static List<Score> rawMembers(Outcome o) {
        String cohort = WeakEnsembleStudy.RAW_COHORT;
        return o.scores().stream().filter(s -> s.size() == 1
                && (s.group().equals(cohort) || s.group().equals(cohort + WeakEnsembleStudy.AS_TRAINED))).toList();
    }

    /** The members of {@link #rawMembers} at least as good as the ensemble of all of them in likelihood and in MMD². */
    public static List<Score> membersNoWorseInBoth(Outcome o) {
        Score all = full(o, WeakEnsembleStudy.RAW_COHORT);
        return rawMembers(o).stream().filter(s -> s.bitsPerDim() >= all.bitsPerDim() && s.mmd() <= all.mmd()).toList();
    }

    /** A data-likelihood score by group name (the re-scores end in {@link WeakEnsembleStudy#RESCORED}). */
    public static WeakEnsembleStudy.DataScore dataScore(Outcome o, java.util.function.Predicate<String> group) {
        return o.dataScores().stream().filter(d -> group.test(d.group())).findFirst().orElseThrow();
    }

    /** The ensemble's and the best single member's data likelihood on the fresh digits: [best, ensemble]. */
    public static WeakEnsembleStudy.DataScore[] dataRescored(Outcome o) {
        return new WeakEnsembleStudy.DataScore[] {
            dataScore(o, g -> g.endsWith(WeakEnsembleStudy.RESCORED) && !g.startsWith(WeakEnsembleStudy.DATA_ENSEMBLE)),
            dataScore(o, g -> g.equals(WeakEnsembleStudy.DATA_ENSEMBLE + WeakEnsembleStudy.RESCORED))};
    }

    /**
     * Mean and standard error of the per-digit difference a - b (nats converted to bits/dim): both scores use the same
     * digits and the same probe seed, so the pairing removes the digits' own spread.
     */
    public static double[] pairedDifference(WeakEnsembleStudy.DataScore a, WeakEnsembleStudy.DataScore b) {
        int n = a.perSample().length;
        double[] d = new double[n];
        for (int i = 0; i < n; i++) {
            d[i] = (a.perSample()[i] - b.perSample()[i]) / (D * Math.log(2));
        }
        double mean = java.util.Arrays.stream(d).average().orElseThrow();
        double var = java.util.Arrays.stream(d).map(v -> (v - mean) * (v - mean)).sum() / Math.max(1, n - 1);
        return new double[] {mean, Math.sqrt(var / n)};
    }

    public static void write(Outcome o, Path dir) {
        try {
            Files.createDirectories(dir);
            ImageGrid.write(dir.resolve("data.png"), java.util.Arrays.copyOf(o.reference(), 64 * D), IMAGE, 8, 2);
            for (String cohort : WeakEnsembleStudy.COHORTS) {
                writeMembers(o, cohort, dir.resolve("members-" + cohort + ".png"));
                Score f = full(o, cohort);
                ImageGrid.write(dir.resolve("ensemble-" + cohort + ".png"), f.samples(), IMAGE, 8, 2);
                Score b = bestMember(o, cohort);
                ImageGrid.write(dir.resolve("best-member-" + cohort + ".png"), b.samples(), IMAGE, 8, 2);
            }
            ImageGrid.write(dir.resolve("best-as-trained-" + WeakEnsembleStudy.RAW_COHORT + ".png"), bestAsTrained(o).samples(), IMAGE, 8, 2);
            ImageGrid.write(dir.resolve("oracle-samples.png"), group(o, WeakEnsembleStudy.ORACLE_SAMPLES).samples(), IMAGE, 8, 2);
            ImageGrid.write(dir.resolve("gaussian.png"), group(o, WeakEnsembleStudy.GAUSSIAN).samples(), IMAGE, 8, 2);
            ImageGrid.write(dir.resolve("cross-domain.png"), group(o, "cross-domain").samples(), IMAGE, 8, 2);
            ImageGrid.write(dir.resolve("target-only.png"), group(o, "target-only").samples(), IMAGE, 8, 2);
            ImageGrid.write(dir.resolve("other-domains-only.png"), group(o, "other domains").samples(), IMAGE, 8, 2);
            Plots.save(likelihoodChart(o), dir.resolve("likelihood-vs-P.png"));
            Plots.save(likelihoodVsMmdChart(o), dir.resolve("likelihood-vs-mmd.png"));
            try (KernelEnsemble e = o.union().subset(full(o, "digits-100").members()).withBestRidge()) {
                Plots.save(Plots.eta(e), dir.resolve("eta-digits-100.png"));
            }
            Files.writeString(dir.resolve("report.md"), markdown(o));
            Files.writeString(dir.resolve("results.json"), json(o));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the report in " + dir, e);
        }
    }

    /** Each member of a cohort alone: one row of 8 samples per member. */
    private static void writeMembers(Outcome o, String cohort, Path png) {
        List<Score> members = o.scores().stream().filter(s -> s.group().equals(cohort) && s.size() == 1).toList();
        int per = Math.min(8, o.settings().samples());
        float[] all = new float[members.size() * per * D];
        for (int i = 0; i < members.size(); i++) {
            System.arraycopy(members.get(i).samples(), 0, all, i * per * D, per * D);
        }
        ImageGrid.write(png, all, IMAGE, per, 2);
    }

    public static XYChart likelihoodChart(Outcome o) {
        XYChart chart = new XYChartBuilder().width(800).height(500)
                .title("oracle log-likelihood of generated digits vs ensemble size").xAxisTitle("P (models in the ensemble)")
                .yAxisTitle("log-likelihood, bits/dim (higher is better)").build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideSE);
        for (String cohort : WeakEnsembleStudy.COHORTS) {
            List<Point> pts = sweep(o, cohort);
            chart.addSeries(cohort.replace("digits-", "") + "-step cohort", pts.stream().mapToDouble(Point::size).toArray(),
                    pts.stream().mapToDouble(Point::bitsPerDim).toArray(), pts.stream().mapToDouble(Point::error).toArray());
        }
        return chart;
    }

    /** Each 100-step member (fit and as trained), each ensemble of the P sweep and the references, in both scores. */
    public static XYChart likelihoodVsMmdChart(Outcome o) {
        XYChart chart = new XYChartBuilder().width(800).height(560)
                .title("both scores: oracle log-likelihood vs MMD² to held-out digits (up and left is better)")
                .xAxisTitle("MMD² (log scale, lower is better)").yAxisTitle("log-likelihood, bits/dim (higher is better)").build();
        chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter).setXAxisLogarithmic(true)
                .setLegendPosition(Styler.LegendPosition.OutsideS).setMarkerSize(9);
        String cohort = WeakEnsembleStudy.RAW_COHORT;
        addPoints(chart, "members as trained", o.scores().stream()
                .filter(s -> s.size() == 1 && s.group().equals(cohort + WeakEnsembleStudy.AS_TRAINED)).toList(), SeriesMarkers.DIAMOND);
        addPoints(chart, "members, one-model fit", o.scores().stream()
                .filter(s -> s.size() == 1 && s.group().equals(cohort)).toList(), SeriesMarkers.CIRCLE);
        int all = full(o, cohort).size();
        List<Score> partial = o.scores().stream().filter(s -> s.group().equals(cohort) && s.size() > 1 && s.size() < all).toList();
        if (!partial.isEmpty()) {
            addPoints(chart, String.format(Locale.ROOT, "ensembles, P = %d .. %d", partial.stream().mapToInt(Score::size).min().orElseThrow(),
                    partial.stream().mapToInt(Score::size).max().orElseThrow()), partial, SeriesMarkers.TRIANGLE_UP);
        }
        addPoints(chart, "ensemble of " + all, List.of(full(o, cohort)), SeriesMarkers.SQUARE)
                .setMarkerColor(java.awt.Color.BLACK);
        for (String ref : List.of(WeakEnsembleStudy.DATA, WeakEnsembleStudy.ORACLE_SAMPLES, WeakEnsembleStudy.FAINT,
                WeakEnsembleStudy.BLANK)) {
            addPoints(chart, ref.substring("reference: ".length()), List.of(group(o, ref)), SeriesMarkers.CROSS);
        }
        return chart;
    }

    private static XYSeries addPoints(XYChart chart, String name, List<Score> scores, org.knowm.xchart.style.markers.Marker marker) {
        XYSeries series = chart.addSeries(cohortLabel(name), scores.stream().mapToDouble(s -> Math.max(s.mmd(), 1e-4)).toArray(),
                scores.stream().mapToDouble(Score::bitsPerDim).toArray());
        series.setMarker(marker);
        return series;
    }

    private static String cohortLabel(String name) {
        return name.startsWith("members") || name.startsWith("ensemble") ? "100-step " + name : name;
    }

    static String markdown(Outcome o) {
        StringBuilder b = new StringBuilder();
        StudySettings s = o.settings();
        b.append("# Weak U-Nets combined without training\n\n");
        b.append("Made by `./ksi demo").append(s.pairs() == StudySettings.quick(s.seed()).pairs() ? " --quick" : "")
                .append("` (seed ").append(s.seed()).append("). Target: procedural handwritten-style digits. ")
                .append("Every model below is a small U-Net trained by ksi's Java trainer for 50 or 100 Adam steps ")
                .append("(batch 128); the oracle is a larger U-Net trained for 2500 steps.\n\n");
        b.append(String.format(Locale.ROOT, "Settings: %d fitting pairs (+%d held out, which pick each ensemble's ridge), %d fitting times, %d sampling "
                        + "steps (optimal-diffusion sampler), %d samples per ensemble, oracle ODE from t = %.2f with %d Heun steps and %d Hutchinson "
                        + "probe(s), %d random subsets per P, %d held-out digits for MMD and precision/recall.%n%n",
                s.pairs(), s.heldOutPairs(), s.fitSteps() + 1, s.sampleSteps(), s.samples(), s.likelihoodStart(), s.oracleSteps(), s.probes(), s.subsets(),
                s.references()));
        b.append("The oracle scores each sample after moving it back to t = ").append(s.likelihoodStart())
                .append(" along the interpolant (x_t = (1-t) z + t x, z ~ N(0, I)): the digits' flat background makes the ")
                .append("exact density at t = 1 near-singular and its ODE likelihood ill-conditioned.\n\n");
        b.append("| ![data](data.png) | ![best as trained](best-as-trained-digits-100.png) | ![best member](best-member-digits-100.png) ")
                .append("| ![ensemble](ensemble-digits-100.png) |\n|:-:|:-:|:-:|:-:|\n| target data | best member as trained (100 steps) ")
                .append("| best one-model fit (100 steps) | ensemble of 20 (100 steps) |\n\n");
        b.append("## Ensemble size\n\n![log-likelihood vs P](likelihood-vs-P.png)\n\n");
        b.append("Log-likelihood under the oracle in bits per dimension (higher is better). P = 1 averages every member "
                + "alone (error: standard error over members); other P average random subsets (standard error over "
                + "subsets); the full cohort is one ensemble (error: the oracle's Monte-Carlo error).\n\n");
        b.append("| cohort | P | ensembles | log-lik (bits/dim) | ± | MMD² | precision | recall |\n|---|--:|--:|--:|--:|--:|--:|--:|\n");
        for (String cohort : WeakEnsembleStudy.COHORTS) {
            for (Point p : sweep(o, cohort)) {
                b.append(String.format(Locale.ROOT, "| %s | %d | %d | %.4f | %.4f | %.4f | %.2f | %.2f |%n", cohort, p.size(),
                        p.count(), p.bitsPerDim(), p.error(), p.mmd(), p.precision(), p.recall()));
            }
        }
        b.append("\n## Best single member vs the ensemble\n\n| | log-lik (bits/dim) | ± | MMD² | precision | recall | held-out loss |\n|---|--:|--:|--:|--:|--:|--:|\n");
        for (String cohort : WeakEnsembleStudy.COHORTS) {
            row(b, "best member of " + cohort + " (" + o.fieldNames().get(bestMember(o, cohort).members()[0])
                    + ", re-scored on fresh samples)", bestMember(o, cohort));
            if (cohort.equals(WeakEnsembleStudy.RAW_COHORT)) {
                Score raw = bestAsTrained(o);
                row(b, "best member of " + cohort + " as trained, no fit (" + o.fieldNames().get(raw.members()[0])
                        + ", re-scored on fresh samples)", raw);
            }
            row(b, "ensemble of all " + full(o, cohort).size() + " " + cohort, full(o, cohort));
        }
        b.append("\n\"Best member\" is the one-model fit: the member's velocity times its fitted eta(t), the KSI of one model. ")
                .append("\"As trained\" samples the member's own velocity (eta = 1). Held-out loss: the drift's mean regression ")
                .append("loss on held-out pairs over the fitting times (lower is a better drift; method.md §2).\n\n")
                .append("Samples: [best member as trained](best-as-trained-digits-100.png), [the oracle's own](oracle-samples.png). ")
                .append("The same protocol on real data and on the oracle's own sampler gives the scale of these scores:\n\n")
                .append("| reference | log-lik (bits/dim) | ± | MMD² | precision | recall | held-out loss |\n|---|--:|--:|--:|--:|--:|--:|\n");
        row(b, group(o, WeakEnsembleStudy.DATA).group().substring("reference: ".length()), group(o, WeakEnsembleStudy.DATA));
        row(b, group(o, WeakEnsembleStudy.ORACLE_SAMPLES).group().substring("reference: ".length()),
                group(o, WeakEnsembleStudy.ORACLE_SAMPLES));
        for (String ref : List.of(WeakEnsembleStudy.FAINT, WeakEnsembleStudy.BLANK, WeakEnsembleStudy.GAUSSIAN)) {
            row(b, group(o, ref).group().substring("reference: ".length()), group(o, ref));
        }
        Score blank = group(o, WeakEnsembleStudy.BLANK);
        Score data = group(o, WeakEnsembleStudy.DATA);
        List<Score> members = rawMembers(o);
        b.append(String.format(Locale.ROOT, "%nThe likelihood of samples under the oracle rewards missing ink: blank images "
                        + "score %.3f, %s real digits (%.3f). A sampler that collapses towards few, thin strokes scores well "
                        + "in likelihood and badly in MMD²; one that draws too much ink does the reverse. Only both scores "
                        + "together rank samplers: of the %d %s members alone (one-model fits and as trained), %d %s at "
                        + "least as good as the ensemble of %d in both.%n%n![both scores](likelihood-vs-mmd.png)%n",
                blank.bitsPerDim(), blank.bitsPerDim() > data.bitsPerDim() ? "above" : "below", data.bitsPerDim(),
                members.size(), WeakEnsembleStudy.RAW_COHORT, membersNoWorseInBoth(o).size(),
                membersNoWorseInBoth(o).size() == 1 ? "is" : "are", full(o, WeakEnsembleStudy.RAW_COHORT).size()));
        Score gauss = group(o, WeakEnsembleStudy.GAUSSIAN);
        Score all = full(o, WeakEnsembleStudy.RAW_COHORT);
        Score oracle = group(o, WeakEnsembleStudy.ORACLE_SAMPLES);
        long noisier = members.stream().filter(m -> m.mmd() < all.mmd()).count();
        b.append(String.format(Locale.ROOT, "%nMMD² has the opposite blind spot. The isotropic Gaussian above is the KSI whose only "
                        + "features are x and the mean digit: its drift is affine, so it draws noise around the mean digit with no "
                        + "strokes at all ([its samples](gaussian.png)). Its MMD² is %.4f, %s the ensemble's %.4f and %s the oracle's own "
                        + "samples' %.4f, at %.1f bits/dim. "
                        + "%d of the %d members alone beat the ensemble in MMD²; the best of them (%s, %.4f) is %s the Gaussian. "
                        + "Pixel-space MMD² with these bandwidths matches means and spreads of pixels, not strokes, so it is read "
                        + "together with the likelihood and the pictures, not alone. Recall is fooled too (%.2f against the "
                        + "ensemble's %.2f: a noise sample's k-NN ball is wide enough to hold real digits); precision (%.2f) is not.%n",
                gauss.mmd(), gauss.mmd() < all.mmd() ? "below" : "above", all.mmd(), gauss.mmd() < oracle.mmd() ? "below" : "above",
                oracle.mmd(), gauss.bitsPerDim(), noisier, members.size(),
                memberLabel(o, bestByMmd(members)), bestByMmd(members).mmd(), bestByMmd(members).mmd() < gauss.mmd() ? "below" : "above",
                gauss.recall(), all.recall(), gauss.precision()));
        if (!o.dataScores().isEmpty()) {
            dataSection(b, o);
        }
        b.append("\n## Cross-domain composition (fitted with digit pairs)\n\n")
                .append("| ![target only](target-only.png) | ![cross-domain](cross-domain.png) | ![others](other-domains-only.png) |\n")
                .append("|:-:|:-:|:-:|\n| 10 digit models | 10 digit + 30 other-domain models | 30 other-domain models |\n\n")
                .append("| ensemble | log-lik (bits/dim) | ± | MMD² | precision | recall | held-out loss |\n|---|--:|--:|--:|--:|--:|--:|\n");
        for (String g : List.of("target-only", "cross-domain", "other domains")) {
            row(b, group(o, g).group(), group(o, g));
        }
        b.append("\nEach weak member alone: [100-step cohort](members-digits-100.png), [50-step cohort](members-digits-50.png) ")
                .append("(one row per member). Weights of the 20-model ensemble over time: [eta](eta-digits-100.png).\n\n");
        b.append("Timings (s): ");
        o.seconds().forEach((k, v) -> b.append(String.format(Locale.ROOT, "%s %.1f; ", k, v)));
        b.append("\n");
        return b.toString();
    }

    private static void dataSection(StringBuilder b, Outcome o) {
        WeakEnsembleStudy.DataScore[] r = dataRescored(o);
        double[] diff = pairedDifference(r[1], r[0]);
        List<WeakEnsembleStudy.DataScore> fits = o.dataScores().stream().filter(d -> d.group().equals(WeakEnsembleStudy.DATA_ONE_MODEL_FIT)).toList();
        List<WeakEnsembleStudy.DataScore> raw = o.dataScores().stream().filter(d -> d.group().equals(WeakEnsembleStudy.DATA_AS_TRAINED)).toList();
        WeakEnsembleStudy.DataScore first = dataScore(o, g -> g.equals(WeakEnsembleStudy.DATA_ENSEMBLE));
        b.append("\n## Held-out digits under each drift's own flow\n\n")
                .append("The scores above judge *samples* under the oracle. This one judges each drift as a model of the data: ")
                .append("the log-likelihood of held-out digits under the drift's own probability-flow ODE (dx/dt = b(t, x), ")
                .append("the same ODE, smoothing, Heun steps and probes as the oracle's scores; the oracle's own value is the ")
                .append("\"held-out digits\" reference above). A sampler cannot raise it by collapsing: digits its flow does not ")
                .append("reach score low. It is the density of the drift's ODE, while the samples above come from the ")
                .append("optimal-diffusion SDE with the same drift.\n\n")
                .append("| drift | log-lik of held-out digits (bits/dim) | ± |\n|---|--:|--:|\n");
        b.append(String.format(Locale.ROOT, "| %d members of %s alone, one-model fits: mean (best) | %.4f (%.4f) | |%n", fits.size(),
                WeakEnsembleStudy.RAW_COHORT, fits.stream().mapToDouble(WeakEnsembleStudy.DataScore::bitsPerDim).average().orElseThrow(),
                fits.stream().mapToDouble(WeakEnsembleStudy.DataScore::bitsPerDim).max().orElseThrow()));
        b.append(String.format(Locale.ROOT, "| %d members of %s alone, as trained: mean (best) | %.4f (%.4f) | |%n", raw.size(),
                WeakEnsembleStudy.RAW_COHORT, raw.stream().mapToDouble(WeakEnsembleStudy.DataScore::bitsPerDim).average().orElseThrow(),
                raw.stream().mapToDouble(WeakEnsembleStudy.DataScore::bitsPerDim).max().orElseThrow()));
        b.append(String.format(Locale.ROOT, "| ensemble of all %d (same digits) | %.4f | %.4f |%n", first.members().length,
                first.bitsPerDim(), first.bitsPerDimError()));
        b.append(String.format(Locale.ROOT, "| best of the %d members alone: %s (%s), re-scored on fresh digits | %.4f | %.4f |%n",
                fits.size() + raw.size(), o.fieldNames().get(r[0].members()[0]),
                r[0].group().startsWith(WeakEnsembleStudy.DATA_AS_TRAINED) ? "as trained" : "one-model fit", r[0].bitsPerDim(),
                r[0].bitsPerDimError()));
        b.append(String.format(Locale.ROOT, "| ensemble of all %d, re-scored on the same fresh digits | %.4f | %.4f |%n",
                r[1].members().length, r[1].bitsPerDim(), r[1].bitsPerDimError()));
        b.append(String.format(Locale.ROOT, "%nEnsemble minus best member on the same fresh digits and probes: %+.4f ± %.4f bits/dim "
                + "(paired standard error; %.1f of them).%n", diff[0], diff[1], diff[0] / diff[1]));
    }

    private static Score bestByMmd(List<Score> scores) {
        return scores.stream().min(java.util.Comparator.comparingDouble(Score::mmd)).orElseThrow();
    }

    private static String memberLabel(Outcome o, Score s) {
        return o.fieldNames().get(s.members()[0]) + (s.group().endsWith(WeakEnsembleStudy.AS_TRAINED) ? " as trained" : ", one-model fit");
    }

    private static void row(StringBuilder b, String name, Score s) {
        b.append(String.format(Locale.ROOT, "| %s | %.4f | %.4f | %.4f | %.2f | %.2f | %s |%n", name, s.bitsPerDim(),
                s.bitsPerDimError(), s.mmd(), s.precision(), s.recall(),
                Double.isNaN(s.heldOutLoss()) ? "" : String.format(Locale.ROOT, "%.1f", s.heldOutLoss())));
    }

    static String json(Outcome o) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("settings", o.settings());
        for (String cohort : WeakEnsembleStudy.COHORTS) {
            root.put("sweep-" + cohort, sweep(o, cohort));
        }
        List<Map<String, Object>> all = new ArrayList<>();
        for (Score s : o.scores()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("group", s.group());
            m.put("members", java.util.Arrays.stream(s.members()).mapToObj(i -> o.fieldNames().get(i)).toList());
            m.put("bitsPerDim", s.bitsPerDim());
            m.put("bitsPerDimError", s.bitsPerDimError());
            m.put("mmd", s.mmd());
            m.put("precision", s.precision());
            m.put("recall", s.recall());
            m.put("heldOutLoss", s.heldOutLoss());
            all.add(m);
        }
        root.put("ensembles", all);
        List<Map<String, Object>> data = new ArrayList<>();
        for (WeakEnsembleStudy.DataScore d : o.dataScores()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("group", d.group());
            m.put("members", java.util.Arrays.stream(d.members()).mapToObj(i -> o.fieldNames().get(i)).toList());
            m.put("bitsPerDim", d.bitsPerDim());
            m.put("bitsPerDimError", d.bitsPerDimError());
            data.add(m);
        }
        if (!data.isEmpty()) {
            root.put("heldOutDigitsUnderEachFlow", data);
        }
        root.put("seconds", o.seconds());
        return new GsonBuilder().setPrettyPrinting().serializeSpecialFloatingPointValues().create().toJson(root) + "\n";
    }

    /** The few lines printed at the end. */
    public static String summary(Outcome o) {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "references: held-out digits %.3f ± %.3f bits/dim, the oracle's own samples %.3f ± %.3f, "
                        + "an isotropic Gaussian (no strokes) %.3f with MMD² %.3f%n",
                group(o, WeakEnsembleStudy.DATA).bitsPerDim(), group(o, WeakEnsembleStudy.DATA).bitsPerDimError(),
                group(o, WeakEnsembleStudy.ORACLE_SAMPLES).bitsPerDim(), group(o, WeakEnsembleStudy.ORACLE_SAMPLES).bitsPerDimError(),
                group(o, WeakEnsembleStudy.GAUSSIAN).bitsPerDim(), group(o, WeakEnsembleStudy.GAUSSIAN).mmd()));
        Score raw = bestAsTrained(o);
        Score ens = full(o, WeakEnsembleStudy.RAW_COHORT);
        b.append(String.format(Locale.ROOT, "%-11s best member as trained (no fit) %.3f ± %.3f bits/dim (MMD² %.3f) -> ensemble of %d "
                        + "%.3f ± %.3f (MMD² %.3f), %+.1f standard errors%n", WeakEnsembleStudy.RAW_COHORT, raw.bitsPerDim(),
                raw.bitsPerDimError(), raw.mmd(), ens.size(), ens.bitsPerDim(), ens.bitsPerDimError(), ens.mmd(),
                (ens.bitsPerDim() - raw.bitsPerDim()) / Math.hypot(ens.bitsPerDimError(), raw.bitsPerDimError())));
        for (String cohort : WeakEnsembleStudy.COHORTS) {
            Score best = bestMember(o, cohort);
            Score all = full(o, cohort);
            b.append(String.format(Locale.ROOT, "%-11s best single member (one-model fit) %.3f ± %.3f bits/dim (MMD² %.3f) -> ensemble of %d "
                            + "%.3f ± %.3f (MMD² %.3f)%n", cohort, best.bitsPerDim(), best.bitsPerDimError(), best.mmd(),
                    all.size(), all.bitsPerDim(), all.bitsPerDimError(), all.mmd()));
        }
        b.append(String.format(Locale.ROOT, "%-11s members alone at least as good as the ensemble in both likelihood and MMD²: %d of %d "
                        + "(blank images score %.3f bits/dim: likelihood alone rewards missing ink)%n", WeakEnsembleStudy.RAW_COHORT,
                membersNoWorseInBoth(o).size(), rawMembers(o).size(), group(o, WeakEnsembleStudy.BLANK).bitsPerDim()));
        if (!o.dataScores().isEmpty()) {
            WeakEnsembleStudy.DataScore[] r = dataRescored(o);
            double[] diff = pairedDifference(r[1], r[0]);
            b.append(String.format(Locale.ROOT, "%-11s held-out digits under each drift's own flow: best member alone (%s) %.3f ± %.3f "
                            + "bits/dim -> ensemble of %d %.3f ± %.3f (paired difference %+.3f ± %.3f)%n", WeakEnsembleStudy.RAW_COHORT,
                    o.fieldNames().get(r[0].members()[0]) + (r[0].group().startsWith(WeakEnsembleStudy.DATA_AS_TRAINED) ? " as trained" : ", one-model fit"),
                    r[0].bitsPerDim(), r[0].bitsPerDimError(), r[1].members().length, r[1].bitsPerDim(), r[1].bitsPerDimError(),
                    diff[0], diff[1]));
        }
        Score target = group(o, "target-only");
        Score cross = group(o, "cross-domain");
        b.append(String.format(Locale.ROOT, "cross-domain: 10 digit models %.3f ± %.3f (MMD² %.3f) -> + 30 other-domain "
                        + "models %.3f ± %.3f (MMD² %.3f)%n", target.bitsPerDim(), target.bitsPerDimError(), target.mmd(),
                cross.bitsPerDim(), cross.bitsPerDimError(), cross.mmd()));
        return b.toString();
    }
}
