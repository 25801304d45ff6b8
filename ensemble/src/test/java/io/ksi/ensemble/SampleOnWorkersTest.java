package io.ksi.ensemble;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.ksi.bridge.EngineSettings;
import io.ksi.bridge.Fixtures;
import io.ksi.bridge.LoadOptions;
import io.ksi.bridge.ModelSpec;
import io.ksi.bridge.Progress;
import io.ksi.bridge.Workers;
import io.ksi.ensemble.feature.FeatureField;
import io.ksi.ensemble.feature.FeatureFields;
import io.ksi.ensemble.interpolant.Grids;
import io.ksi.ensemble.interpolant.Schedules;
import io.ksi.ensemble.sampling.SampleRequest;
import io.ksi.ensemble.sampling.SampleRunner;
import io.ksi.ensemble.sampling.Sampler;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Sampling on two workers changes where the batches run, not the samples: each worker's batch equals the one-stream
 * sampler's batch of the same rows at the same per-call threads, and the rows land where their streams say.
 */
class SampleOnWorkersTest {
    @ParameterizedTest(name = "n = {0}, batch = {1}: batches of {2}")
    @CsvSource({"70, 64, 35", "150, 64, 64", "1, 64, 1"})
    void twoWorkersDrawTheSamplesOfOne(int n, int batch, int perWorker) {
        int threads = EngineSettings.threads();
        List<ModelSpec> specs = new ArrayList<>();
        ModelSpec tiny = ModelSpec.of(Fixtures.file("unet_tiny.pt"));
        for (int i = 0; i < 2; i++) {
            specs.add(tiny.withName("tiny#" + i));
        }
        List<FeatureField> fields = new ArrayList<>(FeatureFields.load(specs, LoadOptions.DEFAULT.withDevice("cpu")));
        try (NDManager m = NDManager.newBaseManager("PyTorch");
                KernelEnsemble e = Fitter.fit(
                        fields,
                        FitPlan.builder(
                                        Schedules.LINEAR,
                                        Grids.uniform(6),
                                        new PairSource(ParallelFitTest.randomImages(200), 128, 3))
                                .batchSize(64)
                                .build())) {
            EngineSettings.setThreads(1);
            float[] one = SampleRunner.sample(
                            e,
                            e.schedule(),
                            new Shape(1, 28, 28),
                            Device.cpu(),
                            new SampleRequest(n, 9, Sampler.byName("optimal"), Grids.uniform(6), perWorker),
                            m,
                            Progress.NONE)
                    .toFloatArray();
            EngineSettings.setThreads(2);
            float[] two;
            try (Workers workers = FeatureFields.workers(e.fields())) {
                assertEquals(2, workers.count(), "TorchScript models on the CPU run on two workers");
                two = SampleRunner.sample(
                                e,
                                e.schedule(),
                                new Shape(1, 28, 28),
                                Device.cpu(),
                                new SampleRequest(n, 9, Sampler.byName("optimal"), Grids.uniform(6), batch),
                                m,
                                Progress.NONE,
                                workers)
                        .toFloatArray();
            }
            assertEquals(2, EngineSettings.threads(), "the engine's thread count is restored");
            assertEquals(n * 784, two.length);
            assertArrayEquals(one, two);
        } finally {
            EngineSettings.setThreads(threads);
        }
    }
}
