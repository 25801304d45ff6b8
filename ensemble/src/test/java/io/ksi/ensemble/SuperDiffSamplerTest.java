package io.ksi.ensemble;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.ksi.bridge.Progress;
import io.ksi.ensemble.feature.FeatureField;
import io.ksi.ensemble.interpolant.Grids;
import io.ksi.ensemble.interpolant.Schedule;
import io.ksi.ensemble.interpolant.Schedules;
import io.ksi.ensemble.sampling.Members;
import io.ksi.ensemble.sampling.SampleRequest;
import io.ksi.ensemble.sampling.SampleRunner;
import io.ksi.ensemble.sampling.Sampler;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * SuperDiff over two exact models, of N(+m, I) and N(-m, I) in 2D (m = (3, 0)). With T = 1 the per-sample mixture
 * kappa_i = q_i / (q_1 + q_2) is the exact velocity of the equal mixture, so the samples are the mixture's: half on
 * each side, variance 1 + 9 along the axis of the means. The OR rule (T -> 0) follows one member per sample: also half
 * and half, each sample from one component.
 */
class SuperDiffSamplerTest {
    private static final int N = 4000;

    private static Members twoGaussians(Schedule s) {
        double[][] id = {{1, 0}, {0, 1}};
        double[][] zero = {{0, 0}, {0, 0}};
        List<FeatureField> exact = List.of(
                new GaussianTarget(new double[] {3, 0}, id).exactField(s, "plus", zero, new double[2], 0),
                new GaussianTarget(new double[] {-3, 0}, id).exactField(s, "minus", zero, new double[2], 0));
        return new Members() {
            @Override
            public int members() {
                return 2;
            }

            @Override
            public NDArray member(int i, NDArray x, double t) {
                return exact.get(i).evaluate(x, t);
            }

            @Override
            public NDArray at(NDArray x, double t) {
                throw new UnsupportedOperationException("superdiff mixes the members itself");
            }
        };
    }

    private static float[] sample(String sampler) {
        Schedule s = Schedules.LINEAR;
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            return SampleRunner.sample(
                            twoGaussians(s),
                            s,
                            new Shape(2),
                            Device.cpu(),
                            new SampleRequest(N, 5, Sampler.byName(sampler), Grids.uniform(200), N),
                            m,
                            Progress.NONE)
                    .toFloatArray();
        }
    }

    @Test
    void temperatureOneSamplesTheEqualMixture() {
        float[] x = sample("superdiff:1");
        double right = 0;
        double mean0 = 0;
        double sq0 = 0;
        double sq1 = 0;
        for (int r = 0; r < N; r++) {
            right += x[2 * r] > 0 ? 1.0 / N : 0;
            mean0 += x[2 * r] / (double) N;
            sq0 += x[2 * r] * (double) x[2 * r] / N;
            sq1 += x[2 * r + 1] * (double) x[2 * r + 1] / N;
        }
        double se = Math.sqrt(0.25 / N); // binomial standard error of the share
        System.out.printf(
                "superdiff:1 share right %.4f, mean %.3f, E x0^2 %.3f, E x1^2 %.3f%n", right, mean0, sq0, sq1);
        assertEquals(0.5, right, 4 * se, "half the samples from each component");
        assertEquals(0, mean0, 4 * Math.sqrt(10.0 / N));
        // E x0^2 = 10 with variance 2 * 1 + 4 * 9 = 38 per sample (a mixture of N(+-3, 1)); E x1^2 = 1, variance 2
        assertEquals(10, sq0, 4 * Math.sqrt(38.0 / N) + 0.3, "mixture spread (+0.3: 200 steps' discretization)");
        assertEquals(1, sq1, 4 * Math.sqrt(2.0 / N) + 0.05);
    }

    @Test
    void theOrRuleFollowsOneMemberPerSample() {
        float[] x = sample("superdiff");
        int right = 0;
        int between = 0;
        for (int r = 0; r < N; r++) {
            right += x[2 * r] > 0 ? 1 : 0;
            between += Math.abs(x[2 * r]) < 1 ? 1 : 0; // N(+-3, 1) puts 2.3% within 1 of 0
        }
        System.out.printf(
                "superdiff (OR) share right %.4f, |x0| < 1: %.4f%n", right / (double) N, between / (double) N);
        assertEquals(0.5, right / (double) N, 4 * Math.sqrt(0.25 / N) + 0.05, "both components kept");
        assertTrue(between / (double) N < 0.023 + 4 * Math.sqrt(0.023 / N) + 0.02, "no samples stranded between");
    }

    @Test
    void superDiffNeedsMembers() {
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            IllegalArgumentException e = assertThrows(
                    IllegalArgumentException.class,
                    () -> SampleRunner.sample(
                            (x, t) -> x,
                            Schedules.LINEAR,
                            new Shape(2),
                            Device.cpu(),
                            new SampleRequest(4, 1, Sampler.byName("superdiff"), Grids.uniform(4), 4),
                            m,
                            Progress.NONE));
            assertTrue(e.getMessage().contains("sample an ensemble file"), e.getMessage());
        }
    }
}
