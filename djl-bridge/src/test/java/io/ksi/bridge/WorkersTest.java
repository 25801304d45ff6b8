package io.ksi.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class WorkersTest {
    @Test
    void firstJobsOvertakeWaitingJobsAndFailuresKeepTheirMessage() throws Exception {
        List<String> order = new CopyOnWriteArrayList<>();
        CountDownLatch release = new CountDownLatch(1);
        try (Workers w = Workers.single()) {
            w.submit(() -> {
                release.await();
                return null;
            });
            Future<?> a = w.submit(() -> order.add("a"));
            Future<?> b = w.submit(() -> order.add("b"));
            Future<?> c = w.submitFirst(() -> order.add("c"));
            Future<?> d = w.submitFirst(() -> order.add("d"));
            Future<Object> bad = w.submit(() -> {
                throw new IllegalArgumentException("job 5 failed");
            });
            release.countDown();
            for (Future<?> f : List.of(a, b, c, d)) {
                Workers.get(f);
            }
            assertEquals(List.of("c", "d", "a", "b"), order);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Workers.get(bad));
            assertEquals("job 5 failed", e.getMessage());
        }
    }

    @Test
    void splitHalvesTheEngineThreadsAndRestoresThem() {
        int threads = EngineSettings.threads();
        try {
            EngineSettings.setThreads(2);
            try (Workers w = Workers.split()) {
                assertEquals(2, w.count());
                assertEquals(1, EngineSettings.threads());
            }
            assertEquals(2, EngineSettings.threads());
            EngineSettings.setThreads(1);
            try (Workers w = Workers.split()) {
                assertEquals(1, w.count(), "--threads 1 means one busy core");
            }
        } finally {
            EngineSettings.setThreads(threads);
        }
    }
}
