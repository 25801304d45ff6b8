package io.ksi.app.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.ksi.bridge.EngineSettings;
import io.ksi.bridge.Workers;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ScorePipelineTest {
    @Test
    void scoresRunOneAtATimeAndEachJobGetsItsOwnResult() {
        int threads = EngineSettings.threads();
        AtomicInteger inScore = new AtomicInteger();
        AtomicInteger mostAtOnce = new AtomicInteger();
        EngineSettings.setThreads(2);
        try (ScorePipeline p = new ScorePipeline()) {
            List<Future<Integer>> jobs = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                int job = i;
                jobs.add(p.submit(
                        () -> {
                            Thread.sleep(job % 3);
                            return job;
                        },
                        v -> {
                            mostAtOnce.accumulateAndGet(inScore.incrementAndGet(), Math::max);
                            busyWait(200_000 * (1 + v % 4));
                            inScore.decrementAndGet();
                            return 10 * v;
                        }));
            }
            for (int i = 0; i < jobs.size(); i++) {
                assertEquals(10 * i, Workers.get(jobs.get(i)));
            }
            assertEquals(1, mostAtOnce.get(), "the oracle scores one job at a time");
            Future<Integer> failing = p.submit(
                    () -> {
                        throw new IllegalStateException("sampler diverged in job 40");
                    },
                    v -> 0);
            assertEquals(
                    "sampler diverged in job 40",
                    assertThrows(IllegalStateException.class, () -> Workers.get(failing))
                            .getMessage());
        } finally {
            EngineSettings.setThreads(threads);
        }
    }

    private static void busyWait(long nanos) {
        long end = System.nanoTime() + nanos;
        while (System.nanoTime() < end) {
            Thread.onSpinWait();
        }
    }
}
