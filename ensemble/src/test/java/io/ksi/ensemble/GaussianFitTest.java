package io.ksi.ensemble;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ksi.data.Dataset;
import io.ksi.ensemble.feature.AffineField;
import io.ksi.ensemble.feature.FeatureField;
import io.ksi.ensemble.interpolant.Schedule;
import io.ksi.ensemble.interpolant.Schedules;
import io.ksi.ensemble.system.TimeDiagnostics;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Gaussian target, features spanning every affine field: the fitted eta must equal the exact drift's coefficients
 * within 5 least-squares standard errors ({@link StandardErrors}, from the same pairs).
 */
class GaussianFitTest {
    static final int PAIRS = 20_000;

    @ParameterizedTest
    @ValueSource(strings = {"linear", "trig"})
    void fittedEtaIsTheExactDrift(String name) {
        Schedule s = Schedules.byName(name);
        GaussianTarget g = GaussianTarget.threeD();
        Dataset data = g.samples(PAIRS, 1);
        List<FeatureField> basis = AffineField.basis(g.d);
        double[] times = {0, 0.1, 0.3, 0.5, 0.7, 0.9, 1.0};
        PairSource pairs = new PairSource(data, PAIRS, 5);
        KernelEnsemble e = Fitter.fit(
                basis, FitPlan.builder(s, times, pairs).ridge(0).batchSize(5000).build());
        for (int k = 0; k < times.length; k++) {
            double[] exact = g.exactEta(s, times[k]);
            double[] fitted = e.eta().eta()[k];
            double[] se = StandardErrors.of(
                    basis, s, times[k], pairs, fitted, e.systems().get(k));
            for (int i = 0; i < exact.length; i++) {
                double z = (fitted[i] - exact[i]) / se[i];
                assertTrue(
                        Math.abs(z) < 5,
                        name + " t=" + times[k] + " eta[" + i + "]=" + fitted[i] + " exact " + exact[i] + " se " + se[i]
                                + " z " + z);
            }
            TimeDiagnostics d = e.diagnostics().get(k);
            assertEquals("cholesky", d.method());
            assertTrue(d.explained() > 0 && d.explained() <= 1 + 1e-9, "explained share " + d.explained());
        }
    }
}
