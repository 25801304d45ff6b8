package io.ksi.app.demo;

import io.ksi.app.demo.WeakEnsembleStudy.DataScore;
import io.ksi.app.demo.WeakEnsembleStudy.Outcome;
import io.ksi.app.demo.WeakEnsembleStudy.Score;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/** The numbers the demo's report, charts and tests read from an {@link Outcome}, looked up by {@link Group}. */
public final class DemoStatistics {
    /** Mean and standard error of one cohort at one ensemble size. */
    public record Point(
            String cohort,
            int size,
            int count,
            double bitsPerDim,
            double error,
            double mmd,
            double precision,
            double recall) {}

    static final int D = (int) WeakEnsembleStudy.IMAGE.size();

    private DemoStatistics() {}

    /**
     * Mean over subsets; the error is the standard error over subsets when there are several, otherwise the oracle's
     * own Monte-Carlo error of that one ensemble.
     */
    public static List<Point> sweep(Outcome o, String cohort) {
        List<Point> out = new ArrayList<>();
        o.scores().stream()
                .filter(s -> s.is(Group.COHORT, cohort))
                .mapToInt(Score::size)
                .distinct()
                .sorted()
                .forEach(p -> {
                    List<Score> g = o.scores().stream()
                            .filter(s -> s.is(Group.COHORT, cohort) && s.size() == p)
                            .toList();
                    double mean =
                            g.stream().mapToDouble(Score::bitsPerDim).average().orElseThrow();
                    double err = g.size() > 1
                            ? Math.sqrt(g.stream()
                                            .mapToDouble(s -> (s.bitsPerDim() - mean) * (s.bitsPerDim() - mean))
                                            .sum()
                                    / (g.size() - 1)
                                    / g.size())
                            : g.get(0).bitsPerDimError();
                    out.add(new Point(
                            cohort,
                            p,
                            g.size(),
                            mean,
                            err,
                            g.stream().mapToDouble(Score::mmd).average().orElseThrow(),
                            g.stream().mapToDouble(Score::precision).average().orElseThrow(),
                            g.stream().mapToDouble(Score::recall).average().orElseThrow()));
                });
        return out;
    }

    /** The member with the highest log-likelihood, as scored again on fresh samples and probes (no selection bias). */
    public static Score bestMember(Outcome o, String cohort) {
        return one(o, Group.BEST_MEMBER_RESCORED, cohort);
    }

    /** The member of the raw cohort with the highest score as trained (no fit), re-scored on fresh samples. */
    public static Score bestAsTrained(Outcome o) {
        return one(o, Group.BEST_AS_TRAINED_RESCORED, WeakEnsembleStudy.RAW_COHORT);
    }

    /** The ensemble of every member of a cohort. */
    public static Score full(Outcome o, String cohort) {
        return o.scores().stream()
                .filter(s -> s.is(Group.COHORT, cohort))
                .max(Comparator.comparingInt(Score::size))
                .orElseThrow(() -> new IllegalStateException("no ensemble of cohort " + cohort));
    }

    /** The one score of a group without cohort: a reference or a cross-domain composition. */
    public static Score only(Outcome o, Group group) {
        return WeakEnsembleStudy.only(o.scores(), group);
    }

    private static Score one(Outcome o, Group group, String cohort) {
        return o.scores().stream()
                .filter(s -> s.is(group, cohort))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("no score " + group.label(cohort)));
    }

    /** Every member of the raw cohort alone: its one-model fits and its own samplers as trained (not the re-scores). */
    public static List<Score> rawMembers(Outcome o) {
        String cohort = WeakEnsembleStudy.RAW_COHORT;
        return o.scores().stream()
                .filter(s -> s.size() == 1 && (s.is(Group.COHORT, cohort) || s.is(Group.AS_TRAINED, cohort)))
                .toList();
    }

    /** The members of {@link #rawMembers} at least as good as the ensemble of all of them in likelihood and in MMD². */
    public static List<Score> membersNoWorseInBoth(Outcome o) {
        Score all = full(o, WeakEnsembleStudy.RAW_COHORT);
        return rawMembers(o).stream()
                .filter(s -> s.bitsPerDim() >= all.bitsPerDim() && s.mmd() <= all.mmd())
                .toList();
    }

    public static Score bestByMmd(List<Score> scores) {
        return scores.stream().min(Comparator.comparingDouble(Score::mmd)).orElseThrow();
    }

    /** The data-likelihood scores of one group, first round or re-scores. */
    public static List<DataScore> dataScores(Outcome o, DataGroup group, boolean rescored) {
        return o.dataScores().stream()
                .filter(d -> d.group() == group && d.rescored() == rescored)
                .toList();
    }

    /** The ensemble's and the best single member's data likelihood on the fresh digits: [best, ensemble]. */
    public static DataScore[] dataRescored(Outcome o) {
        DataScore best = o.dataScores().stream()
                .filter(d -> d.rescored() && d.group() != DataGroup.ENSEMBLE)
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("no re-scored best member"));
        return new DataScore[] {best, dataScores(o, DataGroup.ENSEMBLE, true).get(0)};
    }

    /**
     * Mean and standard error of the per-digit difference a - b (nats converted to bits/dim): both scores use the same
     * digits and the same probe seed, so the pairing removes the digits' own spread.
     */
    public static double[] pairedDifference(DataScore a, DataScore b) {
        int n = a.perSample().length;
        double[] d = new double[n];
        for (int i = 0; i < n; i++) {
            d[i] = (a.perSample()[i] - b.perSample()[i]) / (D * Math.log(2));
        }
        double mean = Arrays.stream(d).average().orElseThrow();
        double var = Arrays.stream(d).map(v -> (v - mean) * (v - mean)).sum() / Math.max(1, n - 1);
        return new double[] {mean, Math.sqrt(var / n)};
    }
}
