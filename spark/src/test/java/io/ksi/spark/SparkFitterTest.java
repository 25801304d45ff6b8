package io.ksi.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ksi.bridge.LoadOptions;
import io.ksi.bridge.ModelRefs;
import io.ksi.bridge.Progress;
import io.ksi.data.Dataset;
import io.ksi.ensemble.FitPlan;
import io.ksi.ensemble.Fitter;
import io.ksi.ensemble.KernelEnsemble;
import io.ksi.ensemble.PairSource;
import io.ksi.ensemble.feature.FeatureField;
import io.ksi.ensemble.feature.FeatureFields;
import io.ksi.ensemble.interpolant.Grids;
import io.ksi.ensemble.interpolant.Schedules;
import io.ksi.ensemble.system.LinearSystem;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The Spark fit against the local one on the README's Gaussian example (two wrong fields, 4096 pairs, 20 times): equal
 * entry for entry, whatever the partitions, and after a failed task is retried. One Spark context for the class.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SparkFitterTest {
    private static final Path FIXTURES = Path.of("..", "models", "fixtures");
    private static final String MODELS = FIXTURES.resolve("gauss_plus.pt") + "," + FIXTURES.resolve("gauss_minus.onnx");
    private static final double[] TIMES = Grids.uniform(20);
    private static final int PAIRS = 4096;
    private static final int HELD_OUT_PAIRS = 512;
    // 64 train and 8 held-out batches: 4 + 1 chunks of 16, so the chunk-order fold is exercised
    private static final int BATCH = 64;
    private static final long SEED = 7;

    private JavaSparkContext sc;
    private List<FeatureField> fields;
    private Dataset train;
    private Dataset heldOut;
    private KernelEnsemble local;

    @BeforeAll
    void start() {
        // local[2, 2]: two task threads, and a failed task is tried once more (plain local[N] never retries)
        sc = new JavaSparkContext(new SparkConf()
                .setMaster("local[2,2]")
                .setAppName("SparkFitterTest")
                .set("spark.ui.enabled", "false")
                .set("spark.driver.host", "127.0.0.1")
                .set("spark.driver.bindAddress", "127.0.0.1"));
        Dataset all = Dataset.load(FIXTURES.resolve("gauss_target.npy"));
        train = all.slice(0, all.size() - 400);
        heldOut = all.slice(all.size() - 400, all.size());
        fields = FeatureFields.load(ModelRefs.resolve(MODELS), LoadOptions.DEFAULT);
        local = Fitter.fit(fields, plan(Progress.NONE));
    }

    private FitPlan plan(Progress progress) {
        return FitPlan.builder(Schedules.LINEAR, TIMES, new PairSource(train, PAIRS, SEED))
                .heldOut(new PairSource(heldOut, HELD_OUT_PAIRS, SEED + 1))
                .batchSize(BATCH)
                .progress(progress)
                .build();
    }

    /** The Spark fit's ensemble; it shares the test's fields with the local one, which alone closes them. */
    private KernelEnsemble onSpark(int partitions, Progress progress) {
        FitPlan plan = plan(progress);
        return Fitter.solve(fields, plan, SparkFitter.accumulate(sc, fields, plan, partitions));
    }

    private void assertSameBits(KernelEnsemble spark) {
        assertSystemsEqual(local.systems(), spark.systems());
        assertSystemsEqual(local.heldOutSystems(), spark.heldOutSystems());
        for (int i = 0; i < TIMES.length; i++) {
            assertArrayEquals(local.eta().eta()[i], spark.eta().eta()[i], 0.0, "eta at time index " + i);
        }
    }

    private static void assertSystemsEqual(List<LinearSystem> a, List<LinearSystem> b) {
        assertEquals(a.size(), b.size());
        for (int t = 0; t < a.size(); t++) {
            for (int i = 0; i < a.get(t).k().length; i++) {
                assertArrayEquals(a.get(t).k()[i], b.get(t).k()[i], 0.0, "K row " + i + " at time index " + t);
            }
            assertArrayEquals(a.get(t).h(), b.get(t).h(), 0.0, "h at time index " + t);
            assertEquals(a.get(t).velocityNorm2(), b.get(t).velocityNorm2(), 0.0);
            assertEquals(a.get(t).n(), b.get(t).n());
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 7})
    void equalsTheLocalFitBitForBit(int partitions) {
        AtomicInteger finished = new AtomicInteger();
        Progress counting = (name, total) -> new Progress.Task() {
            @Override
            public void step(long n) {
                finished.addAndGet((int) n);
            }

            @Override
            public void close() {}
        };
        assertSameBits(onSpark(partitions, counting));
        assertTrue(finished.get() <= partitions, "one progress step per finished task");
    }

    @Test
    void aRetriedTaskChangesNothing() {
        SparkFitter.failFirstAttempt = p -> p == 1;
        try {
            assertSameBits(onSpark(3, Progress.NONE));
        } finally {
            SparkFitter.failFirstAttempt = p -> false;
        }
    }

    @Test
    void executorsLoadEachModelOncePerJvm() {
        onSpark(4, Progress.NONE);
        onSpark(2, Progress.NONE);
        assertEquals(2, ExecutorModels.modelLoads(), "P = 2 models, loaded once for every task and fit of this JVM");
    }

    @Test
    void rangesCoverEveryUnitOnce() {
        List<SparkFitter.UnitRange> c = SparkFitter.ranges(18, 7);
        assertEquals(7, c.size());
        assertEquals(0, c.get(0).from());
        assertEquals(18, c.get(6).to());
        for (int i = 1; i < c.size(); i++) {
            assertEquals(c.get(i - 1).to(), c.get(i).from());
            assertTrue(c.get(i).to() - c.get(i).from() >= 2);
        }
    }

    @AfterAll
    void stop() {
        local.close();
        sc.stop();
    }
}
