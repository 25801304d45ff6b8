package io.ksi.ensemble;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.ksi.bridge.Progress;
import io.ksi.ensemble.interpolant.Grids;
import io.ksi.ensemble.interpolant.Schedules;
import io.ksi.ensemble.sampling.Drift;
import io.ksi.ensemble.sampling.SampleBatcher;
import io.ksi.ensemble.sampling.SampleRequest;
import io.ksi.ensemble.sampling.SampleRunner;
import io.ksi.ensemble.sampling.Sampler;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * The batcher coalesces requests without changing them: with an element-wise drift (no batch-size-dependent rounding)
 * every request's samples equal, bit for bit, those {@link SampleRunner} draws for it alone, whatever arrived beside
 * it.
 */
class SampleBatcherTest {
    static final Shape SHAPE = new Shape(3);
    /** b(t, x) = -x (1 - t) + t: element-wise, so rows never interact. */
    static final Drift DRIFT = (x, t) -> x.mul((float) -(1 - t)).add((float) t);

    static float[] alone(Drift drift, int n, long seed, String sampler, int steps) {
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            NDArray x = SampleRunner.sample(
                    drift,
                    Schedules.LINEAR,
                    SHAPE,
                    Device.cpu(),
                    new SampleRequest(n, seed, Sampler.byName(sampler), Grids.uniform(steps), n),
                    m,
                    Progress.NONE);
            return x.toFloatArray();
        }
    }

    @Test
    void concurrentRequestsGetTheirOwnSamplesInSharedBatches() throws Exception {
        ConcurrentLinkedQueue<int[]> batches = new ConcurrentLinkedQueue<>();
        int requests = 40;
        try (SampleBatcher b = new SampleBatcher(
                DRIFT,
                Schedules.LINEAR,
                SHAPE,
                Device.cpu(),
                16,
                2,
                (rows, reqs, seconds) -> batches.add(new int[] {rows, reqs}))) {
            ExecutorService clients = Executors.newFixedThreadPool(16);
            List<CompletableFuture<float[]>> got = new ArrayList<>();
            List<CompletableFuture<CompletableFuture<float[]>>> submitted = new ArrayList<>();
            for (int i = 0; i < requests; i++) {
                int n = 1 + (i * 7) % 37; // some larger than a batch, so they are split
                String sampler = i % 3 == 0 ? "ode" : "optimal";
                int seed = i;
                submitted.add(
                        CompletableFuture.supplyAsync(() -> b.submit(n, seed, Sampler.byName(sampler), 10), clients));
            }
            for (CompletableFuture<CompletableFuture<float[]>> s : submitted) {
                got.add(s.get(60, TimeUnit.SECONDS));
            }
            clients.shutdown();
            for (int i = 0; i < requests; i++) {
                int n = 1 + (i * 7) % 37;
                String sampler = i % 3 == 0 ? "ode" : "optimal";
                assertArrayEquals(
                        alone(DRIFT, n, i, sampler, 10),
                        got.get(i).get(60, TimeUnit.SECONDS),
                        "request " + i + " (n=" + n + ", " + sampler + ")");
            }
        }
        int rows = batches.stream().mapToInt(r -> r[0]).sum();
        int expected = 0;
        for (int i = 0; i < requests; i++) {
            expected += 1 + (i * 7) % 37;
        }
        assertEquals(expected, rows, "every row runs exactly once");
        assertTrue(batches.stream().allMatch(r -> r[0] <= 16), "no batch above maxBatch");
        assertTrue(batches.stream().anyMatch(r -> r[1] > 1), "some batches coalesce several requests");
    }

    @Test
    void aDivergingBatchFailsItsRequestsAndTheNextOnesStillRun() throws Exception {
        AtomicBoolean poisoned = new AtomicBoolean(true);
        Drift sometimesNan = (x, t) -> poisoned.get() ? x.mul(Float.NaN) : DRIFT.at(x, t);
        try (SampleBatcher b =
                new SampleBatcher(sometimesNan, Schedules.LINEAR, SHAPE, Device.cpu(), 8, 1, (r, q, s) -> {})) {
            ExecutionException e = assertThrows(
                    ExecutionException.class,
                    () -> b.submit(20, 1, Sampler.byName("optimal"), 5).get(60, TimeUnit.SECONDS));
            assertTrue(
                    e.getCause().getMessage().contains("NaN/Inf"), e.getCause().getMessage());
            poisoned.set(false);
            assertArrayEquals(
                    alone(DRIFT, 5, 2, "optimal", 5),
                    b.submit(5, 2, Sampler.byName("optimal"), 5).get(60, TimeUnit.SECONDS));
        }
    }

    @Test
    void paddingRowsRunButAreNeitherReturnedNorCounted() throws Exception {
        ConcurrentLinkedQueue<Integer> rows = new ConcurrentLinkedQueue<>();
        try (SampleBatcher b =
                new SampleBatcher(DRIFT, Schedules.LINEAR, SHAPE, Device.cpu(), 8, 32, 1, (r, q, s) -> rows.add(r))) {
            assertArrayEquals(
                    alone(DRIFT, 3, 4, "optimal", 7),
                    b.submit(3, 4, Sampler.byName("optimal"), 7).get(60, TimeUnit.SECONDS));
        }
        assertEquals(List.of(3), List.copyOf(rows), "the listener counts the rows asked for");
        assertThrows(
                IllegalArgumentException.class,
                () -> new SampleBatcher(DRIFT, Schedules.LINEAR, SHAPE, Device.cpu(), 33, 32, 1, (r, q, s) -> {}));
    }

    @Test
    void closeFinishesWhatWasSubmittedAndRefusesMore() throws Exception {
        SampleBatcher b = new SampleBatcher(DRIFT, Schedules.LINEAR, SHAPE, Device.cpu(), 4, 1, (r, q, s) -> {});
        List<CompletableFuture<float[]>> got = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            got.add(b.submit(9, i, Sampler.byName("heun"), 20));
        }
        assertTrue(b.close(60_000), "workers stopped");
        for (int i = 0; i < 10; i++) {
            assertArrayEquals(alone(DRIFT, 9, i, "heun", 20), got.get(i).getNow(null), "request " + i);
        }
        assertThrows(IllegalStateException.class, () -> b.submit(1, 1, Sampler.byName("ode"), 3));
    }
}
