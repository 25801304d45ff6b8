package io.ksi.app.demo;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ksi.app.demo.WeakEnsembleStudy.Outcome;
import io.ksi.app.demo.WeakEnsembleStudy.Score;
import io.ksi.bridge.Progress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The paper's claims on the committed cohorts, at the --quick sizes CI can afford. Margins are counted in combined
 * standard errors of the oracle's log-likelihood estimates.
 */
@Tag("slow")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DemoStudyTest {
    Outcome o;
    Path out;

    static Path models() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.isDirectory(p.resolve("models/demo"))) {
            p = p.getParent();
        }
        if (p == null) {
            throw new IllegalStateException("models/demo not found");
        }
        return p.resolve("models/demo");
    }

    @BeforeAll
    void run() throws java.io.IOException {
        out = Files.createTempDirectory("ksi-demo-test");
        Path dir = models();
        o = new WeakEnsembleStudy(
                        DemoModels.manifest(dir),
                        DemoModels.oracleManifest(dir),
                        StudySettings.quick(0).withDataLikelihood(true),
                        System.out::println,
                        Progress.NONE)
                .run();
        DemoReport.write(o, out);
        System.out.print(DemoReport.summary(o));
    }

    private static double z(Score better, Score worse) {
        return (better.bitsPerDim() - worse.bitsPerDim())
                / Math.hypot(better.bitsPerDimError(), worse.bitsPerDimError());
    }

    @Test
    void ensembleOfTwentyBeatsTheTypicalMember() {
        for (String cohort : WeakEnsembleStudy.COHORTS) {
            DemoStatistics.Point alone = DemoStatistics.sweep(o, cohort).get(0);
            Score all = DemoStatistics.full(o, cohort);
            double z = (all.bitsPerDim() - alone.bitsPerDim()) / Math.hypot(all.bitsPerDimError(), alone.error());
            assertTrue(z > 3, cohort + ": ensemble " + all.bitsPerDim() + " vs members alone " + alone.bitsPerDim());
            // the member the oracle likes best, scored again on fresh samples: the ensemble is closer to the data in
            // MMD
            assertTrue(
                    all.mmd() < DemoStatistics.bestMember(o, cohort).mmd(),
                    cohort + ": MMD " + all.mmd() + " vs best member "
                            + DemoStatistics.bestMember(o, cohort).mmd());
        }
    }

    @Test
    void ensembleOfTwentyBeatsTheBestMemberAsTrained() {
        // the member whose own sampler the oracle likes best, re-scored on fresh samples: the ensemble beats it in both
        // scores, and its drift has the lower held-out loss
        Score raw = DemoStatistics.bestAsTrained(o);
        Score all = DemoStatistics.full(o, WeakEnsembleStudy.RAW_COHORT);
        assertTrue(z(all, raw) > 2, "ensemble " + all.bitsPerDim() + " vs best member as trained " + raw.bitsPerDim());
        assertTrue(all.mmd() < raw.mmd(), "MMD " + all.mmd() + " vs " + raw.mmd());
        assertTrue(
                all.heldOutLoss() < raw.heldOutLoss(),
                "held-out loss " + all.heldOutLoss() + " vs " + raw.heldOutLoss());
    }

    @Test
    void asAModelOfTheDataTheEnsembleBeatsEveryMemberAlone() {
        // held-out digits under each drift's own flow: the best of the 40 ways to use one member alone (chosen on one
        // set of digits), re-scored with the ensemble on fresh digits and probes; margin in paired standard errors
        WeakEnsembleStudy.DataScore[] r = DemoStatistics.dataRescored(o);
        double[] diff = DemoStatistics.pairedDifference(r[1], r[0]);
        assertTrue(
                diff[0] > 3 * diff[1],
                "ensemble " + r[1].bitsPerDim() + " vs best member " + r[0].bitsPerDim() + ": difference " + diff[0]
                        + " ± " + diff[1]);
        long singles = o.dataScores().stream()
                .filter(d -> d.members().length == 1 && !d.rescored())
                .count();
        assertTrue(singles == 40, "scored " + singles + " members alone");
        // the oracle's flow, a far better drift, scores the same digits higher still: the scale of this score
        assertTrue(DemoStatistics.only(o, Group.DATA).bitsPerDim() > r[1].bitsPerDim());
    }

    @Test
    void referencesBracketTheScores() {
        // real digits score above every generator; the oracle's drift is better than any weak ensemble's
        Score data = DemoStatistics.only(o, Group.DATA);
        Score oracle = DemoStatistics.only(o, Group.ORACLE_SAMPLES);
        for (Score s : o.scores()) {
            if (!s.group().isReference()) {
                assertTrue(
                        data.bitsPerDim() > s.bitsPerDim(),
                        s.label() + " " + s.bitsPerDim() + " vs data " + data.bitsPerDim());
                assertTrue(
                        oracle.heldOutLoss() < s.heldOutLoss(),
                        s.label() + " loss " + s.heldOutLoss() + " vs oracle " + oracle.heldOutLoss());
            }
        }
    }

    @Test
    void likelihoodAloneRewardsMissingInk() {
        // the reason the report ranks samplers by both scores: an image with no ink at all beats real digits
        Score blank = DemoStatistics.only(o, Group.BLANK);
        Score data = DemoStatistics.only(o, Group.DATA);
        assertTrue(z(blank, data) > 3, "blank " + blank.bitsPerDim() + " vs digits " + data.bitsPerDim());
        assertTrue(blank.mmd() > 10 * data.mmd(), "MMD² blank " + blank.mmd() + " vs digits " + data.mmd());
    }

    @Test
    void mmdAloneCannotTellNoiseFromDigits() {
        // the reason the report does not rank samplers by MMD² alone: noise around the mean digit, which the oracle
        // rejects by tens of standard errors and which never lands near a real digit, is closer to the data in MMD²
        Score gauss = DemoStatistics.only(o, Group.GAUSSIAN);
        Score all = DemoStatistics.full(o, WeakEnsembleStudy.RAW_COHORT);
        assertTrue(
                gauss.members().length == 0 && gauss.samples().length == all.samples().length,
                "a reference of as many samples");
        assertTrue(
                z(all, gauss) > 10, "likelihood: ensemble " + all.bitsPerDim() + " vs Gaussian " + gauss.bitsPerDim());
        assertTrue(gauss.precision() < 0.05, "precision of the Gaussian " + gauss.precision());
        assertTrue(gauss.mmd() < all.mmd(), "MMD² Gaussian " + gauss.mmd() + " vs ensemble " + all.mmd());
    }

    @Test
    void noMemberAloneMatchesTheEnsembleInBothScores() {
        assertTrue(
                DemoStatistics.rawMembers(o).size()
                        == 2
                                * DemoStatistics.full(o, WeakEnsembleStudy.RAW_COHORT)
                                        .size(),
                "every member fitted and as trained: "
                        + DemoStatistics.rawMembers(o).size());
        List<Score> better = DemoStatistics.membersNoWorseInBoth(o);
        assertTrue(
                better.isEmpty(),
                "members at least as good as the ensemble in likelihood and MMD²: "
                        + better.stream()
                                .map(s -> s.label() + " " + s.bitsPerDim() + " / " + s.mmd())
                                .toList());
    }

    @Test
    void likelihoodRisesWithEnsembleSize() {
        for (String cohort : WeakEnsembleStudy.COHORTS) {
            assertRises(DemoStatistics.sweep(o, cohort));
        }
    }

    private static void assertRises(List<DemoStatistics.Point> pts) {
        for (int i = 1; i < pts.size(); i++) {
            assertTrue(
                    pts.get(i).bitsPerDim()
                            > pts.get(i - 1).bitsPerDim() - 2 * pts.get(i).error(),
                    "P=" + pts.get(i).size() + " vs P=" + pts.get(i - 1).size() + ": " + pts);
        }
        assertTrue(pts.get(pts.size() - 1).bitsPerDim() > pts.get(0).bitsPerDim(), pts.toString());
    }

    @Test
    void hundredStepCohortBeatsFiftyStepCohort() {
        assertTrue(
                z(DemoStatistics.full(o, "digits-100"), DemoStatistics.full(o, "digits-50")) > 0,
                DemoStatistics.full(o, "digits-100").bitsPerDim() + " vs "
                        + DemoStatistics.full(o, "digits-50").bitsPerDim());
    }

    @Test
    void otherDomainsHelp() {
        Score target = DemoStatistics.only(o, Group.TARGET_ONLY);
        Score cross = DemoStatistics.only(o, Group.CROSS_DOMAIN);
        assertTrue(z(cross, target) > 2, "cross " + cross.bitsPerDim() + " vs target-only " + target.bitsPerDim());
    }

    @Test
    void reportIsWritten() throws Exception {
        for (String f : List.of(
                "report.md",
                "results.json",
                "likelihood-vs-P.png",
                "ensemble-digits-100.png",
                "members-digits-100.png",
                "cross-domain.png",
                "eta-digits-100.png",
                "best-as-trained-digits-100.png",
                "oracle-samples.png",
                "likelihood-vs-mmd.png")) {
            assertTrue(Files.size(out.resolve(f)) > 100, f);
        }
    }
}
