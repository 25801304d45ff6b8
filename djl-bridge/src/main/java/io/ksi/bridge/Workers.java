package io.ksi.bridge;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.PriorityBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Independent jobs (the systems of different fitting times, different ensembles) on two Java threads with half the
 * engine's intra-op threads each. The small convolutions of weak U-Nets scale poorly over intra-op threads: on 2 vCPUs
 * two streams of one thread did up to 19% more model evaluations than one stream of two, and more steadily
 * (docs/benchmarks.md, "Two workers"). With fewer than 2 intra-op threads there is one worker, so jobs run in order,
 * and a user's {@code --threads 1} still means one busy core. The engine's thread count is restored on close.
 *
 * <p>Jobs must not use autograd concurrently: DJL allows one gradient collector per process.
 */
public final class Workers implements AutoCloseable {
    private final ThreadPoolExecutor pool;
    private final AtomicLong submitted = new AtomicLong();
    private final int engineThreads;
    private final int count;

    private Workers(int count, int engineThreads) {
        this.count = count;
        this.engineThreads = engineThreads;
        AtomicInteger n = new AtomicInteger();
        this.pool = new ThreadPoolExecutor(count, count, 0, TimeUnit.MILLISECONDS, new PriorityBlockingQueue<>(), r -> {
            Thread t = new Thread(
                    () -> {
                        EngineSettings.inferenceOnThisThread();
                        r.run();
                    },
                    "ksi-worker-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        if (count > 1) {
            EngineSettings.setThreads(engineThreads / count);
        }
    }

    /** Two workers sharing the engine's intra-op threads when it has at least 2, else one. */
    public static Workers split() {
        int threads = EngineSettings.threads();
        return new Workers(threads >= 2 ? 2 : 1, threads);
    }

    /** One worker: the jobs run in order with the engine's threads as they are. */
    public static Workers single() {
        return new Workers(1, EngineSettings.threads());
    }

    public int count() {
        return count;
    }

    /** Runs after the jobs submitted before it. */
    public <T> Future<T> submit(Callable<T> job) {
        return enqueue(job, 1);
    }

    /** Runs before every waiting job of {@link #submit} (after the other waiting jobs of this method). */
    public <T> Future<T> submitFirst(Callable<T> job) {
        return enqueue(job, 0);
    }

    private <T> Future<T> enqueue(Callable<T> job, int rank) {
        Job<T> j = new Job<>(job, rank, submitted.getAndIncrement());
        pool.execute(j);
        return j;
    }

    /** A job in the pool's queue, ordered by rank, then by submission. */
    private static final class Job<T> extends FutureTask<T> implements Comparable<Job<?>> {
        private final int rank;
        private final long order;

        Job(Callable<T> job, int rank, long order) {
            super(job);
            this.rank = rank;
            this.order = order;
        }

        @Override
        public int compareTo(Job<?> o) {
            return rank != o.rank ? Integer.compare(rank, o.rank) : Long.compare(order, o.order);
        }
    }

    /** The result of a job; a failure is rethrown here as itself (runtime exceptions and errors) or wrapped. */
    public static <T> T get(Future<T> f) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a worker", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    @Override
    public void close() {
        pool.shutdownNow();
        try {
            pool.awaitTermination(1, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (count > 1) {
            EngineSettings.setThreads(engineThreads);
        }
    }
}
