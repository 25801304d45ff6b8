package io.ksi.ensemble;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ksi.ensemble.feature.FeatureField;
import io.ksi.ensemble.interpolant.Grids;
import io.ksi.ensemble.interpolant.Schedules;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The note on a good model among weak ones, on a Gaussian target: the exact velocity (best everywhere) beside the pair
 * v + e, v - e, which together are exact too. The fit splits the weight (the ridge's minimal norm) for no gain, so the
 * note names the exact field; the weak pair alone gains everything over either member, so no note.
 */
class BestMemberCheckTest {
    @Test
    void aGoodModelSplitForNoGainIsNamedAndAWeakPairIsNot() {
        GaussianTarget g = new GaussianTarget(new double[] {1, -1}, new double[][] {{1, 0.3}, {0.3, 0.5}});
        double[][] pert = {{0.8, 0.0}, {0.2, -0.6}};
        double[] shift = {0.7, -0.4};
        FeatureField good = g.exactField(Schedules.LINEAR, "good", pert, shift, 0);
        FeatureField plus = g.exactField(Schedules.LINEAR, "plus", pert, shift, 1);
        FeatureField minus = g.exactField(Schedules.LINEAR, "minus", pert, shift, -1);
        FitPlan plan = FitPlan.builder(Schedules.LINEAR, Grids.uniform(10), new PairSource(g.samples(4000, 1), 4000, 0))
                .heldOut(new PairSource(g.samples(2000, 2), 2000, 1))
                .batchSize(4000)
                .ridge(1e-3)
                .build();
        try (KernelEnsemble drawer = Fitter.fit(List.of(good, plus, minus), plan);
                KernelEnsemble weak = Fitter.fit(List.of(plus, minus), plan)) {
            Optional<String> note = BestMemberCheck.check(drawer);
            assertTrue(note.isPresent() && note.get().contains("member 'good'"), note.toString());
            assertTrue(
                    BestMemberCheck.check(weak).isEmpty(),
                    BestMemberCheck.check(weak).toString());
        }
    }
}
