package io.ksi.ensemble;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.ksi.bridge.Fixtures;
import io.ksi.bridge.LoadOptions;
import io.ksi.bridge.Manifest;
import io.ksi.bridge.ModelLoadException;
import io.ksi.bridge.ModelSpec;
import io.ksi.bridge.Progress;
import io.ksi.data.Dataset;
import io.ksi.ensemble.feature.FeatureField;
import io.ksi.ensemble.feature.FeatureFields;
import io.ksi.ensemble.interpolant.Grids;
import io.ksi.ensemble.interpolant.Schedule;
import io.ksi.ensemble.interpolant.Schedules;
import io.ksi.ensemble.sampling.SampleRequest;
import io.ksi.ensemble.sampling.SampleRunner;
import io.ksi.ensemble.sampling.Sampler;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.ejml.simple.SimpleMatrix;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Checkpoints of every convention (models/fixtures/conventions, made by models/python/conventions.py: the ideal network
 * of each for the Gaussian of the ksi fixtures) must give ksi's exact velocity of that Gaussian, and fitted together
 * they must sample it.
 */
class ConventionsTest {
    /** The Gaussian of models/python/export.py (GAUSS_MEAN, GAUSS_COV). */
    static final GaussianTarget G = new GaussianTarget(
            new double[] {1.0, -0.5, 0.25, 2.0},
            new double[][] {{1.0, 0.3, 0.0, 0.1}, {0.3, 0.5, 0.1, 0.0}, {0.0, 0.1, 2.0, -0.4}, {0.1, 0.0, -0.4, 0.8}});

    static List<ModelSpec> specs;
    static List<FeatureField> fields;

    @TempDir
    static Path tmp;

    @BeforeAll
    static void load() {
        specs = Manifest.read(Fixtures.file("conventions/manifest.json")).models();
        fields = FeatureFields.load(specs, LoadOptions.DEFAULT.withDevice("cpu"));
    }

    @AfterAll
    static void close() {
        fields.forEach(FeatureField::close);
    }

    /** Max over a batch of |v - b| / |b|, b the exact velocity, x drawn from the interpolant at t. */
    static double relativeError(FeatureField f, Schedule s, double t) {
        Dataset x1 = G.samples(256, 5);
        float[] data = x1.toFloatArray();
        java.util.SplittableRandom r = new java.util.SplittableRandom(9);
        float[] x = new float[data.length];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (s.alpha(t) * r.nextGaussian() + s.beta(t) * data[i]);
        }
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            float[] v = f.evaluate(m.create(x, new Shape(256, 4)), t).toFloatArray();
            SimpleMatrix a = G.a(s, t);
            double[] c = G.c(s, t);
            double worst = 0;
            for (int k = 0; k < 256; k++) {
                double num = 0;
                double den = 0;
                for (int i = 0; i < 4; i++) {
                    double b = c[i];
                    for (int j = 0; j < 4; j++) {
                        b += a.get(i, j) * x[k * 4 + j];
                    }
                    num += (v[k * 4 + i] - b) * (v[k * 4 + i] - b);
                    den += b * b;
                }
                worst = Math.max(worst, Math.sqrt(num / den));
            }
            return worst;
        }
    }

    @Test
    void everyConventionGivesKsisExactVelocity() {
        assertEquals(11, fields.size());
        StringBuilder report = new StringBuilder();
        for (int k = 0; k < fields.size(); k++) {
            FeatureField f = fields.get(k);
            // the times whose SNR t^2 / (1 - t)^2 the model's schedule reaches; outside, ksi uses the nearest end
            double[] snr = specs.get(k).convention().snrRange();
            double lo = Math.sqrt(snr[0]) / (1 + Math.sqrt(snr[0]));
            double hi = Math.sqrt(snr[1]) / (1 + Math.sqrt(snr[1]));
            assertTrue(lo < 0.1 && hi > 0.9, f.name() + " covers t in [" + lo + ", " + hi + "] only");
            double worst = 0;
            for (double t = 0.05; t <= 0.951; t += 0.05) {
                if (t >= lo && t <= hi) {
                    worst = Math.max(worst, relativeError(f, Schedules.LINEAR, t));
                }
            }
            report.append(String.format("%s %.2e%n", f.name(), worst));
            // float32 in and out of a float64 posterior: rounding amplified at most ~100x by the conversion near the
            // ends
            assertTrue(worst < 1e-4, f + ": relative error " + worst + "\n" + report);
        }
        System.out.print(report);
    }

    /**
     * At the ends one estimate is singular (eps models cannot give x1 at t = 0, data models cannot give eps at t = 1):
     * ksi reads the level at t clamped to [0.001, 0.999], so every convention stays finite there and within a few
     * percent of the exact velocity, whose own value at the ends is finite.
     */
    @Test
    void theSingularEndsAreClampedAndStayFinite() {
        StringBuilder report = new StringBuilder();
        for (int k = 0; k < fields.size(); k++) {
            FeatureField f = fields.get(k);
            double[] range = specs.get(k).convention().snrRange();
            for (double t : new double[] {0.0, 1.0}) {
                double err = relativeError(f, Schedules.LINEAR, t);
                report.append(String.format("%s t=%.0f %.2e%n", f.name(), t, err));
                assertTrue(Double.isFinite(err), f.name() + " at t = " + t);
                // the clamped time's SNR: 1e-6 at t = 0.001, 1e6 at t = 0.999; where the schedule reaches it
                double snr = t == 0 ? 1.0e-6 * 1.002 : 0.998e6;
                if (snr >= range[0] && snr <= range[1]) {
                    assertTrue(err < 0.05, f.name() + " at t = " + t + ": " + err + "\n" + report);
                }
            }
        }
        System.out.print(report);
    }

    @Test
    void aConventionCanServeTheTrigonometricSchedule() throws IOException {
        String json = Files.readString(Fixtures.file("conventions/manifest.json"))
                .replace("\"inputShape\"", "\"schedule\": \"trig\", \"inputShape\"");
        Path manifest = Fixtures.file("conventions").resolve("trig-copy.json");
        try {
            Files.writeString(manifest, json);
            List<FeatureField> trig = FeatureFields.load(
                    List.of(Manifest.read(manifest).get("vp_sde_eps")), LoadOptions.DEFAULT.withDevice("cpu"));
            for (double t : new double[] {0.1, 0.5, 0.9}) {
                double err = relativeError(trig.get(0), Schedules.TRIGONOMETRIC, t);
                assertTrue(err < 1e-3, "t = " + t + ": " + err);
            }
            trig.forEach(FeatureField::close);
        } finally {
            Files.deleteIfExists(manifest);
        }
    }

    @Test
    void fiveConventionsFittedTogetherSampleTheGaussian() {
        List<String> five = List.of("ddpm_eps", "ddim_v_cosine", "flow_match_tuple", "edm_precond", "ve_sde_score");
        // the ensemble owns (and closes) its fields: load its own copies
        List<FeatureField> chosen = FeatureFields.load(
                specs.stream().filter(sp -> five.contains(sp.name())).toList(), LoadOptions.DEFAULT.withDevice("cpu"));
        assertEquals(5, chosen.size());
        Dataset data = G.samples(2048, 11);
        double[] x;
        try (KernelEnsemble e = Fitter.fit(
                        chosen,
                        FitPlan.builder(Schedules.LINEAR, Grids.uniform(40), new PairSource(data, 2048, 2))
                                .batchSize(512)
                                .build());
                NDManager m = NDManager.newBaseManager("PyTorch")) {
            NDArray s = SampleRunner.sample(
                    e,
                    e.schedule(),
                    new Shape(4),
                    Device.cpu(),
                    new SampleRequest(4000, 7, Sampler.byName("optimal"), Grids.uniform(100), 4000),
                    m,
                    Progress.NONE);
            x = GaussianTarget.toDouble(s);
        }
        double[] mean = GaussianTarget.mean(x, 4);
        double[][] cov = GaussianTarget.cov(x, 4);
        for (int i = 0; i < 4; i++) {
            assertEquals(G.mean[i], mean[i], 0.1, "mean " + i);
            assertEquals(G.cov[i][i], cov[i][i], 0.2 * G.cov[i][i], "variance " + i);
        }
    }

    /**
     * A network that takes whole steps (int64) is fed the nearest step and read with that step's own a and sigma: x is
     * then taken to be at that step's SNR instead of t's, off by at most half a step (for 1000 linear betas, |d ln SNR
     * / d step| < 0.06 at t in [0.1, 0.9], so SNR is off by under 3%), which bounds the velocity error.
     */
    @Test
    void integerTimestepsRoundToTheNearestStep() throws IOException {
        String entry = "\"convention\": {\"kind\": \"ddpm\", \"timestep\": \"int64\"}, \"inputShape\": [4]";
        Path m = tmp.resolve("int64.json");
        Files.writeString(
                m, "{\"models\": [{\"file\": \"" + Fixtures.file("conventions/ddpm_eps.pt") + "\", " + entry + "}]}");
        ModelSpec spec = Manifest.read(m).models().get(0);
        assertTrue(spec.convention().integerTimestep());
        assertEquals(
                Math.rint(spec.convention().level(0.3).timestep()),
                spec.convention().level(0.3).timestep());
        List<FeatureField> f = FeatureFields.load(List.of(spec), LoadOptions.DEFAULT.withDevice("cpu"));
        double worst = 0;
        for (double t = 0.1; t <= 0.901; t += 0.1) {
            worst = Math.max(worst, relativeError(f.get(0), Schedules.LINEAR, t));
        }
        f.forEach(FeatureField::close);
        System.out.printf("int64 timesteps: worst relative error %.2e%n", worst);
        assertTrue(worst > 1e-5, "the rounding shows: " + worst);
        assertTrue(worst < 0.03, "within the half-step bound: " + worst);
    }

    @Test
    void badConventionEntriesAreNamedInOneLine() throws IOException {
        String[][] cases = {
            {"{\"kind\": \"ddpm2\"}", "unknown convention kind 'ddpm2'; expected one of [ddpm, edm-denoiser"},
            {"{\"kind\": \"ddpm\", \"beta_schedule\": \"linear\"}", "convention ddpm has no key 'beta_schedule'"},
            {"{\"kind\": \"ddpm\", \"betaSchedule\": \"cosine\"}", "unknown beta_schedule 'cosine'"},
            {"{\"kind\": \"ve-sde\", \"prediction\": \"v\"}", "score-SDE models predict epsilon or score"},
            {"{\"kind\": \"ddpm\", \"prediction\": \"x1\"}", "unknown prediction 'x1'"},
            {
                "{\"kind\": \"ddpm\", \"betaStart\": 0.5, \"betaEnd\": 0.1}",
                "betaStart 0.5 and betaEnd 0.1 describe no noise schedule; expected 0 < betaStart < betaEnd < 1"
            },
            {
                "{\"kind\": \"edm-denoiser\", \"sigmaMin\": 100, \"sigmaMax\": 1}",
                "sigmaMin 100.0 must be below sigmaMax 1.0"
            },
            {"{\"kind\": \"edm-precond\", \"sigmaData\": -1}", "sigmaData must be above 0, got -1.0"},
            {"{\"kind\": \"ve-sde\", \"sigmaMin\": 0}", "sigmaMin must be above 0, got 0.0"},
            {"{\"kind\": \"vp-sde\", \"betaMin\": 30}", "betaMin 30.0 must be below betaMax 20.0"},
            {"{\"kind\": \"ddpm\", \"numTrainTimesteps\": 99.5}", "numTrainTimesteps must be a whole number"},
            {"{\"kind\": \"ddpm\", \"rescaleBetasZeroSnr\": \"yes\"}", "rescaleBetasZeroSnr must be true or false"},
        };
        for (String[] c : cases) {
            String message = manifestError("\"convention\": " + c[0]);
            assertTrue(message.contains("models[0]") && message.contains(c[1]), c[0] + " -> " + message);
            assertEquals(1, message.lines().count(), message);
        }
        assertTrue(
                manifestError("\"scheduler\": \"missing.json\"").contains("missing.json: scheduler config not found"));
        assertTrue(manifestError("\"convention\": {\"kind\": \"vp-sde\"}, \"output\": \"noise\"")
                .contains("\"output\" is for ksi's own convention"));
        String[][] diffusers = {
            {"\"timestep_type\": \"continuous\"", "timestep_type 'continuous'"},
            {"\"variance_type\": \"learned_range\"", "variance_type 'learned_range'"},
            {"\"invert_sigmas\": true", "invert_sigmas true"},
            {"\"beta_start\": 0.5, \"beta_end\": 0.1", "beta_start 0.5 and beta_end 0.1 describe no noise schedule"},
        };
        for (String[] c : diffusers) {
            Files.writeString(
                    tmp.resolve("refused.json"), "{\"_class_name\": \"EulerDiscreteScheduler\", " + c[0] + "}");
            String message = manifestError("\"scheduler\": \"refused.json\"");
            assertTrue(message.contains(c[1]), c[0] + " -> " + message);
        }
        Files.writeString(tmp.resolve("karras.json"), "{\"_class_name\": \"KarrasVeScheduler\"}");
        assertTrue(manifestError("\"scheduler\": \"karras.json\"")
                .contains("_class_name 'KarrasVeScheduler' is not a scheduler ksi knows"));
    }

    /**
     * A zero-terminal-SNR checkpoint (diffusers' rescale_betas_zero_snr) gives the exact velocity only when the flag is
     * read: the same network under the unrescaled betas is fed the wrong timesteps.
     */
    @Test
    void zeroTerminalSnrIsReadAndMatters() throws IOException {
        ModelSpec spec = specs.stream()
                .filter(x -> x.name().equals("ddim_zero_snr_v"))
                .findFirst()
                .orElseThrow();
        assertEquals(0.0, spec.convention().snrRange()[0], "the SNR reaches 0 at the last step");
        assertTrue(
                spec.convention().toString().contains("rescaled to zero terminal SNR"),
                spec.convention().toString());
        String config = Files.readString(Fixtures.file("conventions/ddim_zero_snr_v.json"));
        Path plain = tmp.resolve("plain.json");
        Files.writeString(
                plain, config.replace("\"rescale_betas_zero_snr\": true", "\"rescale_betas_zero_snr\": false"));
        Path m = tmp.resolve("zero-snr-ignored.json");
        Files.writeString(
                m,
                "{\"models\": [{\"file\": \"" + Fixtures.file("conventions/ddim_zero_snr_v.pt") + "\", "
                        + "\"inputShape\": [4], \"scheduler\": \"" + plain + "\"}]}");
        List<FeatureField> f = FeatureFields.load(Manifest.read(m).models(), LoadOptions.DEFAULT.withDevice("cpu"));
        double worst = 0;
        for (double t = 0.1; t <= 0.901; t += 0.1) {
            worst = Math.max(worst, relativeError(f.get(0), Schedules.LINEAR, t));
        }
        f.forEach(FeatureField::close);
        System.out.printf("zero-SNR checkpoint read without the flag: worst relative error %.2e%n", worst);
        assertTrue(worst > 1e-2, "ignoring the flag must show: " + worst);
    }

    /** An EDM denoiser's entry may carry the config's sigmaData: recorded, shown, and the velocity stays exact. */
    @Test
    void anEdmDenoiserAcceptsSigmaData() throws IOException {
        Path m = tmp.resolve("edm-sigma-data.json");
        Files.writeString(
                m,
                "{\"models\": [{\"file\": \"" + Fixtures.file("conventions/edm_denoiser.pt") + "\", "
                        + "\"inputShape\": [4], \"convention\": {\"kind\": \"edm-denoiser\", \"sigmaData\": 0.5}}]}");
        ModelSpec spec = Manifest.read(m).models().get(0);
        assertTrue(
                spec.convention().toString().contains("sigmaData=0.5"),
                spec.convention().toString());
        assertEquals(0.5, spec.convention().describe().get("sigmaData").getAsDouble());
        List<FeatureField> f = FeatureFields.load(List.of(spec), LoadOptions.DEFAULT.withDevice("cpu"));
        double worst = 0;
        for (double t = 0.1; t <= 0.901; t += 0.1) {
            worst = Math.max(worst, relativeError(f.get(0), Schedules.LINEAR, t));
        }
        f.forEach(FeatureField::close);
        assertTrue(worst < 1e-4, "exact as without sigmaData: " + worst);
    }

    private static String manifestError(String entry) throws IOException {
        Path m = tmp.resolve("m.json");
        Files.writeString(
                m, "{\"models\": [{\"file\": \"" + Fixtures.file("conventions/vp_sde_eps.pt") + "\", " + entry + "}]}");
        return assertThrows(ModelLoadException.class, () -> Manifest.read(m)).getMessage();
    }
}
