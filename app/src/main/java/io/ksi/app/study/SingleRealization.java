package io.ksi.app.study;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import com.google.gson.GsonBuilder;
import io.ksi.bridge.AtomicFiles;
import io.ksi.bridge.Progress;
import io.ksi.data.Dataset;
import io.ksi.ensemble.FitPlan;
import io.ksi.ensemble.Fitter;
import io.ksi.ensemble.KernelEnsemble;
import io.ksi.ensemble.PairSource;
import io.ksi.ensemble.RidgeRule;
import io.ksi.ensemble.feature.FeatureField;
import io.ksi.ensemble.interpolant.Schedule;
import io.ksi.ensemble.sampling.OptimalDiffusionSampler;
import io.ksi.ensemble.sampling.SampleRequest;
import io.ksi.ensemble.sampling.SampleRunner;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The skeleton of the single-realization studies (new series, new images from ONE observation): eta(t) fitted on pairs
 * (noise, the observation) with Jacobi-scaled features, held-out pairs choosing the ridge, then new samples by optimal
 * diffusion. The studies supply what differs: the features, the schedule and the grids.
 */
public final class SingleRealization {
    private SingleRealization() {}

    /**
     * How to fit. Seeds: the pairs use {@code seed}, the held-out pairs {@code seed + 1}, the samples {@code seed + 2}.
     *
     * @param ridge relative ridge; a negative value picks the best of {@link io.ksi.ensemble.RidgeRule#GRID} on the
     *     held-out pairs (1e-6 when there are none)
     */
    public record Fit(int pairs, int heldOutPairs, double ridge, long seed, int batchSize) {}

    /** The fitted ensemble, the samples [n, ...shape of the observation] row-major, and the time each part took. */
    public record Run(KernelEnsemble ensemble, float[] samples, double fitSeconds, double sampleSeconds) {}

    /** The sampling noise's seed is the fit's plus this: pairs, held-out pairs and samples draw different noise. */
    static final long SAMPLING_SEED_OFFSET = 2;

    public static Run fitAndSample(
            Dataset observation,
            List<FeatureField> fields,
            Schedule schedule,
            double[] fitTimes,
            double[] sampleGrid,
            int samples,
            Fit fit,
            Progress progress) {
        long t0 = System.nanoTime();
        PairSource heldOut = fit.heldOutPairs() > 0
                ? new PairSource(observation, fit.heldOutPairs(), PairSource.heldOutSeed(fit.seed()))
                : null;
        // a negative ridge asks for the held-out choice, where there are held-out pairs to choose by
        RidgeRule ridge = fit.ridge() >= 0
                ? RidgeRule.fixed(fit.ridge())
                : heldOut != null ? RidgeRule.auto() : RidgeRule.fixed(RidgeRule.GRID[0]);
        KernelEnsemble ensemble = Fitter.fit(
                fields,
                FitPlan.builder(schedule, fitTimes, new PairSource(observation, fit.pairs(), fit.seed()))
                        .heldOut(heldOut)
                        .batchSize(fit.batchSize())
                        .ridge(ridge)
                        .scaleFeatures(true)
                        .progress(progress)
                        .build());
        double fitSeconds = (System.nanoTime() - t0) / 1e9;
        long t1 = System.nanoTime();
        float[] x;
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            x = SampleRunner.sample(
                            ensemble,
                            schedule,
                            observation.sampleShape(),
                            Device.cpu(),
                            new SampleRequest(
                                    samples,
                                    fit.seed() + SAMPLING_SEED_OFFSET,
                                    new OptimalDiffusionSampler(),
                                    sampleGrid,
                                    samples),
                            m,
                            progress)
                    .toFloatArray();
        }
        return new Run(ensemble, x, fitSeconds, (System.nanoTime() - t1) / 1e9);
    }

    /** results.json of a study: pretty, NaN and infinities written as such. */
    /**
     * A study's settings as used: the record's values with those resolved by the run put in place of the request
     * ("scales": 0 becomes the scales used, "ridge": -1 the ridge chosen), so results.json says what ran.
     */
    private static Map<String, Object> settingsAsUsed(Record settings, int scales, double ridge, boolean autoRidge) {
        Map<String, Object> resolved = Map.of(
                "scales", scales, "ridge", ridge, "ridgeRule", autoRidge ? "auto (least held-out loss)" : "given");
        Map<String, Object> out = new LinkedHashMap<>();
        for (java.lang.reflect.RecordComponent c : settings.getClass().getRecordComponents()) {
            try {
                out.put(c.getName(), c.getAccessor().invoke(settings));
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot read " + c.getName() + " of " + settings, e);
            }
        }
        out.putAll(resolved);
        return out;
    }

    /**
     * The fit's part of a study's results.json, the same in both studies: settings as used, P (every field of the
     * ensemble), the scattering features among them, the ridge and whether the run was smaller than the defaults.
     */
    public static void putFit(
            Map<String, Object> json,
            Record settings,
            int scales,
            int scatteringFeatures,
            KernelEnsemble ensemble,
            boolean autoRidge,
            boolean smallerThanDefaults) {
        json.put("settings", settingsAsUsed(settings, scales, ensemble.ridge(), autoRidge));
        json.put("P", ensemble.fields().size());
        json.put("scatteringFeatures", scatteringFeatures);
        json.put("ridge", ensemble.ridge());
        json.put("smallerThanDefaults", smallerThanDefaults);
    }

    /** The sizes a study's settings share: what a quick run makes smaller. */
    public interface Sizes {
        int pairs();

        int fitSteps();

        int steps();

        int samples();
    }

    /**
     * Whether a run is smaller than the study's defaults (a --quick run), where the checks are not expected to hold.
     */
    public static boolean smallerThanDefaults(Sizes run, Sizes defaults) {
        return run.pairs() < defaults.pairs()
                || run.fitSteps() < defaults.fitSteps()
                || run.steps() < defaults.steps()
                || run.samples() < defaults.samples();
    }

    /** Said beside the checks of a run smaller than the study's defaults, which are what the checks are set for. */
    public static final String SMALLER_THAN_DEFAULTS =
            "a run smaller than the defaults (such as --quick): the checks are set for the default sizes, and a"
                    + " check not met here is not a failure of the method";

    public static AtomicFiles.Content resultsJson(Object results) {
        return AtomicFiles.text(new GsonBuilder()
                .setPrettyPrinting()
                .serializeSpecialFloatingPointValues()
                .create()
                .toJson(results));
    }
}
