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
        out.add(beatsTheRivals(o, p20));
        Scored alone = o.get("good-alone");
        Scored drawer = o.get("good-plus-20");
        double drawerSpread = Math.hypot(alone.fidError(), drawer.fidError());
        out.add(new Claim(
                "with a good model in the drawer, the default fit samples at least as well as the good model alone",
                drawer.fid() - alone.fid() <= drawerSpread,
                String.format(
                        Locale.ROOT,
                        "FID %.1f (good + 20 weak) vs %.1f (good alone), combined spread %.1f; safe rule %.1f",
                        drawer.fid(),
                        alone.fid(),
                        drawerSpread,
                        o.get("good-plus-20-safe").fid())));
        Scored top4 = o.get("mnist-100-top4");
        double spread = Math.hypot(p20.fidError(), top4.fidError());
        out.add(new Claim(
                "a sparse ensemble of 4 members per time is within the bootstrap spread of the dense one",
                top4.fid() - p20.fid() <= spread,
                String.format(
                        Locale.ROOT,
                        "FID %.1f vs %.1f (combined spread %.1f) at %.0f vs %.0f model calls per sample",
                        top4.fid(),
                        p20.fid(),
                        spread,
                        top4.callsPerSample(),
                        p20.callsPerSample())));
        return out;
    }

    /** The kernel ensemble of 20 against averaging, routing, the best member per time and SuperDiff. */
    private static Claim beatsTheRivals(Outcome o, Scored p20) {
        boolean all = true;
        StringBuilder measured = new StringBuilder(String.format(Locale.ROOT, "FID %.1f vs", p20.fid()));
        for (String rival : List.of("mnist-100-uniform", "mnist-100-route", "mnist-100-best", "mnist-100-superdiff")) {
            Scored r = o.get(rival);
            double spread = Math.hypot(p20.fidError(), r.fidError());
            boolean beats = r.fid() - p20.fid() > spread;
            all &= beats;
            measured.append(String.format(
                    Locale.ROOT,
                    " %s %.1f%s,",
                    rival.replace("mnist-100-", ""),
                    r.fid(),
                    beats ? "" : " (not beyond " + String.format(Locale.ROOT, "%.1f", spread) + ")"));
        }
        measured.setLength(measured.length() - 1);
        return new Claim(
                "the kernel ensemble of 20 beats averaging, routing, the best member per time and SuperDiff beyond the"
                        + " combined bootstrap spread",
                all,
                measured.toString());
    }
}
