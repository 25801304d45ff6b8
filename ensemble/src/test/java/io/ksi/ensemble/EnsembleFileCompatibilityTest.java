package io.ksi.ensemble;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.ksi.bridge.Fixtures;
import io.ksi.bridge.LoadOptions;
import io.ksi.bridge.ModelRefs;
import io.ksi.data.Dataset;
import io.ksi.ensemble.feature.FeatureFields;
import io.ksi.ensemble.interpolant.Grids;
import io.ksi.ensemble.interpolant.Schedules;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * models/fixtures/ensemble-before-fitplan.json was written by {@code ksi fit} before the fit was described by a typed
 * {@link FitPlan} and {@link FitRecord} (commit ed58189: {@code ksi fit --models gauss_plus.pt,gauss_minus.onnx --data
 * gauss_target.npy --pairs 1024 --heldout 256 --steps 8 --ridge auto}). Today's code reads it, writes it back to the
 * same text, and fits the same numbers from the same inputs.
 */
class EnsembleFileCompatibilityTest {
    private static final Path OLD = Fixtures.file("ensemble-before-fitplan.json");

    @Test
    void aFileWrittenBeforeTheTypedRecordReadsAndWritesBackUnchanged() throws Exception {
        String text = Files.readString(OLD);
        try (KernelEnsemble e = EnsembleFile.read(OLD, LoadOptions.DEFAULT)) {
            assertEquals(new FitRecord(1024, 256, 256, new long[] {4}, false, 1e-6), e.record());
            assertEquals(new ai.djl.ndarray.types.Shape(4), e.sampleShape());
            assertEquals(text, EnsembleFile.json(OLD, e, true), "written back as it was read");
        }
    }

    @Test
    void todaysFitOfTheSameInputsGivesTheSameNumbers() throws Exception {
        Dataset all = Dataset.load(Fixtures.file("gauss_target.npy"));
        int keep = all.size() / 10; // ksi fit's held-out rows
        FitPlan plan = FitPlan.builder(
                        Schedules.LINEAR, Grids.uniform(8), new PairSource(all.slice(0, all.size() - keep), 1024, 0))
                .heldOut(new PairSource(all.slice(all.size() - keep, all.size()), 256, 1))
                .ridge(RidgeRule.auto())
                .build();
        String models = Fixtures.file("gauss_plus.pt") + "," + Fixtures.file("gauss_minus.onnx");
        try (KernelEnsemble now = Fitter.fit(FeatureFields.load(ModelRefs.resolve(models), LoadOptions.DEFAULT), plan);
                KernelEnsemble old = EnsembleFile.read(OLD, LoadOptions.DEFAULT)) {
            assertEquals(old.record(), now.record());
            for (int k = 0; k < old.eta().times().length; k++) {
                assertArrayEquals(old.eta().eta()[k], now.eta().eta()[k], 0.0, "eta at time index " + k);
                assertArrayEquals(old.systems().get(k).h(), now.systems().get(k).h(), 0.0, "h at index " + k);
            }
            JsonObject a =
                    JsonParser.parseString(EnsembleFile.json(OLD, old, true)).getAsJsonObject();
            JsonObject b =
                    JsonParser.parseString(EnsembleFile.json(OLD, now, true)).getAsJsonObject();
            assertEquals(a, b, "the same file, written by today's fit");
        }
    }

    @Test
    void aRecordWithScaledFeaturesAndNoShapeRoundTrips() {
        FitRecord scaled = new FitRecord(6, 0, 4, new long[] {1, 64}, true, 1e-3);
        assertEquals(scaled, FitRecord.fromJson(scaled.toJson()));
        assertEquals(
                "{\"pairs\":6,\"heldOutPairs\":0,\"batchSize\":4,\"sampleShape\":[1,64],\"scaleFeatures\":true,"
                        + "\"ridge\":0.001}",
                scaled.toJson().toString());
        FitRecord bare =
                FitRecord.fromJson(JsonParser.parseString("{\"ridge\": 0.01}").getAsJsonObject());
        assertEquals(0.01, bare.ridge());
        IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, bare::shape);
        assertEquals("the ensemble file does not record the sample shape", ex.getMessage());
    }

    @Test
    void ridgeRulesParseAsTheCliWritesThem() {
        assertEquals(RidgeRule.fixed(1e-6), RidgeRule.parse("1e-6"));
        assertEquals(RidgeRule.GRID[0], RidgeRule.parse("AUTO").initial());
        IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, () -> RidgeRule.parse("-1"));
        assertEquals("--ridge must be a number >= 0 or auto, got '-1'", ex.getMessage());
        assertThrows(
                IllegalArgumentException.class,
                () -> FitPlan.builder(Schedules.LINEAR, Grids.uniform(2), null)
                        .ridge(RidgeRule.auto())
                        .build(),
                "auto without held-out pairs");
    }
}
