package io.ksi.app.demo;

import static io.ksi.app.demo.DemoStatistics.bestAsTrained;
import static io.ksi.app.demo.DemoStatistics.bestByMmd;
import static io.ksi.app.demo.DemoStatistics.bestMember;
import static io.ksi.app.demo.DemoStatistics.dataRescored;
import static io.ksi.app.demo.DemoStatistics.dataScores;
import static io.ksi.app.demo.DemoStatistics.full;
import static io.ksi.app.demo.DemoStatistics.membersNoWorseInBoth;
import static io.ksi.app.demo.DemoStatistics.only;
import static io.ksi.app.demo.DemoStatistics.pairedDifference;
import static io.ksi.app.demo.DemoStatistics.rawMembers;
import static io.ksi.app.demo.DemoStatistics.sweep;

import ai.djl.ndarray.types.Shape;
import com.google.gson.GsonBuilder;
import io.ksi.app.demo.DemoStatistics.Point;
import io.ksi.app.demo.WeakEnsembleStudy.Outcome;
import io.ksi.app.demo.WeakEnsembleStudy.Score;
import io.ksi.app.plot.ImageGrid;
import io.ksi.app.plot.Plots;
import io.ksi.bridge.AtomicFiles;
import io.ksi.ensemble.KernelEnsemble;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes the demo's pictures, report.md and results.json, and the summary it prints; the numbers come from
 * {@link DemoStatistics}, the charts from {@link DemoCharts}.
 */
public final class DemoReport {
    private static final Shape IMAGE = WeakEnsembleStudy.IMAGE;
    private static final int D = DemoStatistics.D;

    private DemoReport() {}

    public static void write(Outcome o, Path dir) {
        // the report appears whole or not at all: every file is staged, then all are renamed into place
        try (AtomicFiles.Batch files = new AtomicFiles.Batch()) {
            files.stage(
                    dir.resolve("data.png"),
                    ImageGrid.png(java.util.Arrays.copyOf(o.reference(), 64 * D), IMAGE, 8, 2));
            for (String cohort : WeakEnsembleStudy.COHORTS) {
                files.stage(dir.resolve("members-" + cohort + ".png"), members(o, cohort));
                Score f = full(o, cohort);
                files.stage(dir.resolve("ensemble-" + cohort + ".png"), ImageGrid.png(f.samples(), IMAGE, 8, 2));
                Score b = bestMember(o, cohort);
                files.stage(dir.resolve("best-member-" + cohort + ".png"), ImageGrid.png(b.samples(), IMAGE, 8, 2));
            }
            files.stage(
                    dir.resolve("best-as-trained-" + WeakEnsembleStudy.RAW_COHORT + ".png"),
                    ImageGrid.png(bestAsTrained(o).samples(), IMAGE, 8, 2));
            files.stage(
                    dir.resolve("oracle-samples.png"),
                    ImageGrid.png(only(o, Group.ORACLE_SAMPLES).samples(), IMAGE, 8, 2));
            files.stage(
                    dir.resolve("gaussian.png"),
                    ImageGrid.png(only(o, Group.GAUSSIAN).samples(), IMAGE, 8, 2));
            files.stage(
                    dir.resolve("cross-domain.png"),
                    ImageGrid.png(only(o, Group.CROSS_DOMAIN).samples(), IMAGE, 8, 2));
            files.stage(
                    dir.resolve("target-only.png"),
                    ImageGrid.png(only(o, Group.TARGET_ONLY).samples(), IMAGE, 8, 2));
            files.stage(
                    dir.resolve("other-domains-only.png"),
                    ImageGrid.png(only(o, Group.OTHER_DOMAINS_ONLY).samples(), IMAGE, 8, 2));
            files.stage(dir.resolve("likelihood-vs-P.png"), Plots.png(DemoCharts.likelihoodChart(o)));
            files.stage(dir.resolve("likelihood-vs-mmd.png"), Plots.png(DemoCharts.likelihoodVsMmdChart(o)));
            try (KernelEnsemble e =
                    o.union().subset(full(o, "digits-100").members()).withBestRidge()) {
                files.stage(dir.resolve("eta-digits-100.png"), Plots.png(Plots.eta(e)));
            }
            files.stage(dir.resolve("report.md"), AtomicFiles.text(markdown(o)));
            files.stage(dir.resolve("results.json"), AtomicFiles.text(json(o)));
            files.commit();
        }
    }

    /** Each member of a cohort alone: one row of 8 samples per member. */
    private static AtomicFiles.Content members(Outcome o, String cohort) {
        List<Score> members = o.scores().stream()
                .filter(s -> s.is(Group.COHORT, cohort) && s.size() == 1)
                .toList();
        int per = Math.min(8, o.settings().samples());
        float[] all = new float[members.size() * per * D];
        for (int i = 0; i < members.size(); i++) {
            System.arraycopy(members.get(i).samples(), 0, all, i * per * D, per * D);
        }
        return ImageGrid.png(all, IMAGE, per, 2);
    }

    static String markdown(Outcome o) {
        StringBuilder b = new StringBuilder();
        StudySettings s = o.settings();
        b.append("# Weak U-Nets combined without training\n\n");
        b.append("Made by `./ksi demo")
                .append(s.pairs() == StudySettings.quick(s.seed()).pairs() ? " --quick" : "")
                .append("` (seed ")
                .append(s.seed())
                .append("). Target: procedural handwritten-style digits. ")
                .append("Every model below is a small U-Net trained by ksi's Java trainer for 50 or 100 Adam steps ")
                .append("(batch 128); the oracle is a larger U-Net trained for 2500 steps.\n\n");
        b.append(String.format(
                Locale.ROOT,
                "Settings: %d fitting pairs (+%d held out, which pick each ensemble's ridge), %d fitting times, %d "
                        + "sampling "
                        + "steps (optimal-diffusion sampler), %d samples per ensemble, oracle ODE from t = %.2f with "
                        + "%d Heun steps and %d Hutchinson "
                        + "probe(s), %d random subsets per P, %d held-out digits for MMD and precision/recall.%n%n",
                s.pairs(),
                s.heldOutPairs(),
                s.fitSteps() + 1,
                s.sampleSteps(),
                s.samples(),
                s.likelihoodStart(),
                s.oracleSteps(),
                s.probes(),
                s.subsets(),
                s.references()));
        b.append("The oracle scores each sample after moving it back to t = ")
                .append(s.likelihoodStart())
                .append(" along the interpolant (x_t = (1-t) z + t x, z ~ N(0, I)): the digits' flat background makes "
                        + "the ")
                .append("exact density at t = 1 near-singular and its ODE likelihood ill-conditioned.\n\n");
        b.append("| ![data](data.png) | ![best as trained](best-as-trained-digits-100.png) | ![best "
                        + "member](best-member-digits-100.png) ")
                .append("| ![ensemble](ensemble-digits-100.png) |\n|:-:|:-:|:-:|:-:|\n| target data | best member as "
                        + "trained (100 steps) ")
                .append("| best one-model fit (100 steps) | ensemble of 20 (100 steps) |\n\n");
        b.append("## Ensemble size\n\n![log-likelihood vs P](likelihood-vs-P.png)\n\n");
        b.append(
                "Log-likelihood under the oracle in bits per dimension (higher is better). P = 1 averages every member "
                        + "alone (error: standard error over members); other P average random subsets (standard error "
                        + "over "
                        + "subsets); the full cohort is one ensemble (error: the oracle's Monte-Carlo error).\n\n");
        b.append("| cohort | P | ensembles | log-lik (bits/dim) | ± | MMD² | precision | recall "
                + "|\n|---|--:|--:|--:|--:|--:|--:|--:|\n");
        for (String cohort : WeakEnsembleStudy.COHORTS) {
            for (Point p : sweep(o, cohort)) {
                b.append(String.format(
                        Locale.ROOT,
                        "| %s | %d | %d | %.4f | %.4f | %.4f | %.2f | %.2f |%n",
                        cohort,
                        p.size(),
                        p.count(),
                        p.bitsPerDim(),
                        p.error(),
                        p.mmd(),
                        p.precision(),
                        p.recall()));
            }
        }
        b.append("\n## Best single member vs the ensemble\n\n| | log-lik (bits/dim) | ± | MMD² | precision | recall | "
                + "held-out loss |\n|---|--:|--:|--:|--:|--:|--:|\n");
        for (String cohort : WeakEnsembleStudy.COHORTS) {
            row(
                    b,
                    "best member of " + cohort + " ("
                            + o.fieldNames().get(bestMember(o, cohort).members()[0]) + ", re-scored on fresh samples)",
                    bestMember(o, cohort));
            if (cohort.equals(WeakEnsembleStudy.RAW_COHORT)) {
                Score raw = bestAsTrained(o);
                row(
                        b,
                        "best member of " + cohort + " as trained, no fit ("
                                + o.fieldNames().get(raw.members()[0]) + ", re-scored on fresh samples)",
                        raw);
            }
            row(b, "ensemble of all " + full(o, cohort).size() + " " + cohort, full(o, cohort));
        }
        b.append("\n\"Best member\" is the one-model fit: the member's velocity times its fitted eta(t), the "
                        + "KSI of one model. ")
                .append("\"As trained\" samples the member's own velocity (eta = 1). Held-out loss: the drift's mean "
                        + "regression ")
                .append("loss on held-out pairs over the fitting times (lower is a better drift; docs/method.md "
                        + "§2).\n\n")
                .append("Samples: [best member as trained](best-as-trained-digits-100.png), [the oracle's "
                        + "own](oracle-samples.png). ")
                .append("The same protocol on real data and on the oracle's own sampler gives the scale of these "
                        + "scores:\n\n")
                .append("| reference | log-lik (bits/dim) | ± | MMD² | precision | recall | held-out loss "
                        + "|\n|---|--:|--:|--:|--:|--:|--:|\n");
        row(b, Group.DATA.referenceName(), only(o, Group.DATA));
        row(b, Group.ORACLE_SAMPLES.referenceName(), only(o, Group.ORACLE_SAMPLES));
        for (Group ref : List.of(Group.FAINT, Group.BLANK, Group.GAUSSIAN)) {
            row(b, ref.referenceName(), only(o, ref));
        }
        Score blank = only(o, Group.BLANK);
        Score data = only(o, Group.DATA);
        List<Score> members = rawMembers(o);
        b.append(String.format(
                Locale.ROOT,
                "%nThe likelihood of samples under the oracle rewards missing ink: blank images "
                        + "score %.3f, %s real digits (%.3f). A sampler that collapses towards few, thin strokes "
                        + "scores well "
                        + "in likelihood and badly in MMD²; one that draws too much ink does the reverse. Only both "
                        + "scores "
                        + "together rank samplers: of the %d %s members alone (one-model fits and as trained), %d %s "
                        + "at "
                        + "least as good as the ensemble of %d in both.%n%n![both scores](likelihood-vs-mmd.png)%n",
                blank.bitsPerDim(),
                blank.bitsPerDim() > data.bitsPerDim() ? "above" : "below",
                data.bitsPerDim(),
                members.size(),
                WeakEnsembleStudy.RAW_COHORT,
                membersNoWorseInBoth(o).size(),
                membersNoWorseInBoth(o).size() == 1 ? "is" : "are",
                full(o, WeakEnsembleStudy.RAW_COHORT).size()));
        Score gauss = only(o, Group.GAUSSIAN);
        Score all = full(o, WeakEnsembleStudy.RAW_COHORT);
        Score oracle = only(o, Group.ORACLE_SAMPLES);
        long noisier = members.stream().filter(m -> m.mmd() < all.mmd()).count();
        b.append(String.format(
                Locale.ROOT,
                "%nMMD² has the opposite blind spot. The isotropic Gaussian above is the KSI whose only "
                        + "features are x and the mean digit: its drift is affine, so it draws noise around the mean "
                        + "digit with no "
                        + "strokes at all ([its samples](gaussian.png)). Its MMD² is %.4f, %s the ensemble's %.4f and "
                        + "%s the oracle's own "
                        + "samples' %.4f, at %.1f bits/dim. "
                        + "%d of the %d members alone beat the ensemble in MMD²; the best of them (%s, %.4f) is %s "
                        + "the Gaussian. "
                        + "Pixel-space MMD² with these bandwidths matches means and spreads of pixels, not strokes, "
                        + "so it is read "
                        + "together with the likelihood and the pictures, not alone. Recall is fooled too (%.2f "
                        + "against the "
                        + "ensemble's %.2f: a noise sample's k-NN ball is wide enough to hold real digits); precision "
                        + "(%.2f) is not.%n",
                gauss.mmd(),
                gauss.mmd() < all.mmd() ? "below" : "above",
                all.mmd(),
                gauss.mmd() < oracle.mmd() ? "below" : "above",
                oracle.mmd(),
                gauss.bitsPerDim(),
                noisier,
                members.size(),
                memberLabel(o, bestByMmd(members)),
                bestByMmd(members).mmd(),
                bestByMmd(members).mmd() < gauss.mmd() ? "below" : "above",
                gauss.recall(),
                all.recall(),
                gauss.precision()));
        if (!o.dataScores().isEmpty()) {
            dataSection(b, o);
        }
        b.append("\n## Cross-domain composition (fitted with digit pairs)\n\n")
                .append("| ![target only](target-only.png) | ![cross-domain](cross-domain.png) | "
                        + "![others](other-domains-only.png) |\n")
                .append("|:-:|:-:|:-:|\n| 10 digit models | 10 digit + 30 other-domain models | 30 other-domain "
                        + "models |\n\n")
                .append("| ensemble | log-lik (bits/dim) | ± | MMD² | precision | recall | held-out loss "
                        + "|\n|---|--:|--:|--:|--:|--:|--:|\n");
        for (Group g : List.of(Group.TARGET_ONLY, Group.CROSS_DOMAIN, Group.OTHER_DOMAINS_ONLY)) {
            row(b, only(o, g).label(), only(o, g));
        }
        b.append("\nEach weak member alone: [100-step cohort](members-digits-100.png), [50-step "
                        + "cohort](members-digits-50.png) ")
                .append("(one row per member). Weights of the 20-model ensemble over time: "
                        + "[eta](eta-digits-100.png).\n\n");
        b.append("Timings (s): ");
        o.seconds().forEach((k, v) -> b.append(String.format(Locale.ROOT, "%s %.1f; ", k, v)));
        b.append("\n");
        return b.toString();
    }

    private static void dataSection(StringBuilder b, Outcome o) {
        WeakEnsembleStudy.DataScore[] r = dataRescored(o);
        double[] diff = pairedDifference(r[1], r[0]);
        List<WeakEnsembleStudy.DataScore> fits = dataScores(o, DataGroup.ONE_MODEL_FIT, false);
        List<WeakEnsembleStudy.DataScore> raw = dataScores(o, DataGroup.AS_TRAINED, false);
        WeakEnsembleStudy.DataScore first =
                dataScores(o, DataGroup.ENSEMBLE, false).get(0);
        b.append("\n## Held-out digits under each drift's own flow\n\n")
                .append("The scores above judge *samples* under the oracle. This one judges each drift as a model of "
                        + "the data: ")
                .append("the log-likelihood of held-out digits under the drift's own probability-flow ODE (dx/dt = "
                        + "b(t, x), ")
                .append("the same ODE, smoothing, Heun steps and probes as the oracle's scores; the oracle's own "
                        + "value is the ")
                .append("\"held-out digits\" reference above). A sampler cannot raise it by collapsing: digits its "
                        + "flow does not ")
                .append("reach score low. It is the density of the drift's ODE, while the samples above come from the ")
                .append("optimal-diffusion SDE with the same drift.\n\n")
                .append("| drift | log-lik of held-out digits (bits/dim) | ± |\n|---|--:|--:|\n");
        b.append(String.format(
                Locale.ROOT,
                "| %d members of %s alone, one-model fits: mean (best) | %.4f (%.4f) | |%n",
                fits.size(),
                WeakEnsembleStudy.RAW_COHORT,
                fits.stream()
                        .mapToDouble(WeakEnsembleStudy.DataScore::bitsPerDim)
                        .average()
                        .orElseThrow(),
                fits.stream()
                        .mapToDouble(WeakEnsembleStudy.DataScore::bitsPerDim)
                        .max()
                        .orElseThrow()));
        b.append(String.format(
                Locale.ROOT,
                "| %d members of %s alone, as trained: mean (best) | %.4f (%.4f) | |%n",
                raw.size(),
                WeakEnsembleStudy.RAW_COHORT,
                raw.stream()
                        .mapToDouble(WeakEnsembleStudy.DataScore::bitsPerDim)
                        .average()
                        .orElseThrow(),
                raw.stream()
                        .mapToDouble(WeakEnsembleStudy.DataScore::bitsPerDim)
                        .max()
                        .orElseThrow()));
        b.append(String.format(
                Locale.ROOT,
                "| ensemble of all %d (same digits) | %.4f | %.4f |%n",
                first.members().length,
                first.bitsPerDim(),
                first.bitsPerDimError()));
        b.append(String.format(
                Locale.ROOT,
                "| best of the %d members alone: %s (%s), re-scored on fresh digits | %.4f | %.4f |%n",
                fits.size() + raw.size(),
                o.fieldNames().get(r[0].members()[0]),
                r[0].group() == DataGroup.AS_TRAINED ? "as trained" : "one-model fit",
                r[0].bitsPerDim(),
                r[0].bitsPerDimError()));
        b.append(String.format(
                Locale.ROOT,
                "| ensemble of all %d, re-scored on the same fresh digits | %.4f | %.4f |%n",
                r[1].members().length,
                r[1].bitsPerDim(),
                r[1].bitsPerDimError()));
        b.append(String.format(
                Locale.ROOT,
                "%nEnsemble minus best member on the same fresh digits and probes: %+.4f ± %.4f bits/dim "
                        + "(paired standard error; %.1f of them).%n",
                diff[0],
                diff[1],
                diff[0] / diff[1]));
    }

    private static String memberLabel(Outcome o, Score s) {
        return o.fieldNames().get(s.members()[0]) + (s.group() == Group.AS_TRAINED ? " as trained" : ", one-model fit");
    }

    private static void row(StringBuilder b, String name, Score s) {
        b.append(String.format(
                Locale.ROOT,
                "| %s | %.4f | %.4f | %.4f | %.2f | %.2f | %s |%n",
                name,
                s.bitsPerDim(),
                s.bitsPerDimError(),
                s.mmd(),
                s.precision(),
                s.recall(),
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
            m.put("group", s.label());
            m.put(
                    "members",
                    java.util.Arrays.stream(s.members())
                            .mapToObj(i -> o.fieldNames().get(i))
                            .toList());
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
            m.put("group", d.label());
            m.put(
                    "members",
                    java.util.Arrays.stream(d.members())
                            .mapToObj(i -> o.fieldNames().get(i))
                            .toList());
            m.put("bitsPerDim", d.bitsPerDim());
            m.put("bitsPerDimError", d.bitsPerDimError());
            data.add(m);
        }
        if (!data.isEmpty()) {
            root.put("heldOutDigitsUnderEachFlow", data);
        }
        root.put("seconds", o.seconds());
        return new GsonBuilder()
                        .setPrettyPrinting()
                        .serializeSpecialFloatingPointValues()
                        .create()
                        .toJson(root) + "\n";
    }

    /** The few lines printed at the end. */
    public static String summary(Outcome o) {
        StringBuilder b = new StringBuilder();
        b.append(String.format(
                Locale.ROOT,
                "references: held-out digits %.3f ± %.3f bits/dim, the oracle's own samples %.3f ± %.3f, "
                        + "an isotropic Gaussian (no strokes) %.3f with MMD² %.3f%n",
                only(o, Group.DATA).bitsPerDim(),
                only(o, Group.DATA).bitsPerDimError(),
                only(o, Group.ORACLE_SAMPLES).bitsPerDim(),
                only(o, Group.ORACLE_SAMPLES).bitsPerDimError(),
                only(o, Group.GAUSSIAN).bitsPerDim(),
                only(o, Group.GAUSSIAN).mmd()));
        Score raw = bestAsTrained(o);
        Score ens = full(o, WeakEnsembleStudy.RAW_COHORT);
        b.append(String.format(
                Locale.ROOT,
                "%-11s best member as trained (no fit) %.3f ± %.3f bits/dim (MMD² %.3f) -> ensemble of %d "
                        + "%.3f ± %.3f (MMD² %.3f), %+.1f standard errors%n",
                WeakEnsembleStudy.RAW_COHORT,
                raw.bitsPerDim(),
                raw.bitsPerDimError(),
                raw.mmd(),
                ens.size(),
                ens.bitsPerDim(),
                ens.bitsPerDimError(),
                ens.mmd(),
                (ens.bitsPerDim() - raw.bitsPerDim()) / Math.hypot(ens.bitsPerDimError(), raw.bitsPerDimError())));
        for (String cohort : WeakEnsembleStudy.COHORTS) {
            Score best = bestMember(o, cohort);
            Score all = full(o, cohort);
            b.append(String.format(
                    Locale.ROOT,
                    "%-11s best single member (one-model fit) %.3f ± %.3f bits/dim (MMD² %.3f) -> ensemble of %d "
                            + "%.3f ± %.3f (MMD² %.3f)%n",
                    cohort,
                    best.bitsPerDim(),
                    best.bitsPerDimError(),
                    best.mmd(),
                    all.size(),
                    all.bitsPerDim(),
                    all.bitsPerDimError(),
                    all.mmd()));
        }
        b.append(String.format(
                Locale.ROOT,
                "%-11s members alone at least as good as the ensemble in both likelihood and MMD²: %d of %d "
                        + "(blank images score %.3f bits/dim: likelihood alone rewards missing ink)%n",
                WeakEnsembleStudy.RAW_COHORT,
                membersNoWorseInBoth(o).size(),
                rawMembers(o).size(),
                only(o, Group.BLANK).bitsPerDim()));
        if (!o.dataScores().isEmpty()) {
            WeakEnsembleStudy.DataScore[] r = dataRescored(o);
            double[] diff = pairedDifference(r[1], r[0]);
            b.append(String.format(
                    Locale.ROOT,
                    "%-11s held-out digits under each drift's own flow: best member alone (%s) %.3f ± %.3f "
                            + "bits/dim -> ensemble of %d %.3f ± %.3f (paired difference %+.3f ± %.3f)%n",
                    WeakEnsembleStudy.RAW_COHORT,
                    o.fieldNames().get(r[0].members()[0])
                            + (r[0].group() == DataGroup.AS_TRAINED ? " as trained" : ", one-model fit"),
                    r[0].bitsPerDim(),
                    r[0].bitsPerDimError(),
                    r[1].members().length,
                    r[1].bitsPerDim(),
                    r[1].bitsPerDimError(),
                    diff[0],
                    diff[1]));
        }
        Score target = only(o, Group.TARGET_ONLY);
        Score cross = only(o, Group.CROSS_DOMAIN);
        b.append(String.format(
                Locale.ROOT,
                "cross-domain: 10 digit models %.3f ± %.3f (MMD² %.3f) -> + 30 other-domain "
                        + "models %.3f ± %.3f (MMD² %.3f)%n",
                target.bitsPerDim(),
                target.bitsPerDimError(),
                target.mmd(),
                cross.bitsPerDim(),
                cross.bitsPerDimError(),
                cross.mmd()));
        return b.toString();
    }
}
