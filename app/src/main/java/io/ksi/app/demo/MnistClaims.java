package io.ksi.app.demo;

import io.ksi.app.demo.MnistStudy.Outcome;
import io.ksi.app.demo.MnistStudy.Scored;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The real-data demo's claims (the acceptance of docs/demo.md), each checked on one outcome. */
public final class MnistClaims {
    /** One claim, whether the run bears it out, and the numbers it rests on. */
    public record Claim(String claim, boolean holds, String measured) {}

    private MnistClaims() {}

    public static List<Claim> check(Outcome o) {
        List<Claim> out = new ArrayList<>();
        Scored p20 = o.get("mnist-100-P20");
        Scored asTrained = o.get("mnist-100-member-best");
        Scored fit1 = o.get("mnist-100-fit1-best");
        out.add(new Claim(
                "FID of the ensemble of 20 <= 0.5 x the best member as trained",
                p20.fid() <= 0.5 * asTrained.fid(),
                String.format(
                        Locale.ROOT,
                        "%.1f vs %.1f (ratio %.2f)",
                        p20.fid(),
                        asTrained.fid(),
                        p20.fid() / asTrained.fid())));
        out.add(new Claim(
                "FID of the ensemble of 20 <= 0.75 x the best one-model fit",
                p20.fid() <= 0.75 * fit1.fid(),
                String.format(
                        Locale.ROOT, "%.1f vs %.1f (ratio %.2f)", p20.fid(), fit1.fid(), p20.fid() / fit1.fid())));
        Scored p1 = o.get("mnist-100-P1");
        Scored p4 = o.get("mnist-100-P4");
        out.add(new Claim(
                "FID falls with P: P20 < P4 < P1",
                p20.fid() < p4.fid() && p4.fid() < p1.fid(),
                String.format(Locale.ROOT, "%.1f < %.1f < %.1f", p20.fid(), p4.fid(), p1.fid())));
        Scored p20of50 = o.get("mnist-50-P20");
        out.add(new Claim(
                "the 100-step cohort's ensemble beats the 50-step cohort's",
                p20.fid() < p20of50.fid(),
                String.format(Locale.ROOT, "FID %.1f vs %.1f", p20.fid(), p20of50.fid())));
        Scored all = o.get("cross-all");
        Scored mnistOnly = o.get("cross-mnist");
        out.add(new Claim(
                "cross-domain: all 40 models beat their 10 MNIST models alone",
                all.fid() < mnistOnly.fid(),
                String.format(Locale.ROOT, "FID %.1f vs %.1f", all.fid(), mnistOnly.fid())));
        Scored oracle = o.get("oracle");
        out.add(new Claim(
                "recognized share of the ensemble of 20 >= 0.7 x the oracle's",
                p20.judge().recognized() >= 0.7 * oracle.judge().recognized(),
                String.format(
                        Locale.ROOT,
                        "%.3f vs %.3f (ratio %.2f)",
                        p20.judge().recognized(),
                        oracle.judge().recognized(),
                        p20.judge().recognized() / oracle.judge().recognized())));
        out.add(new Claim(
                "class entropy of the ensemble of 20 >= 2.0 nats",
                p20.judge().classEntropy() >= 2.0,
                String.format(
                        Locale.ROOT, "%.3f nats (uniform: 2.303)", p20.judge().classEntropy())));
        return out;
    }
}
