package io.ksi.app.demo;

import io.ksi.bridge.Workers;
import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.function.Function;

/**
 * Samples and scores independent jobs on {@link Workers#split()}. Sampling runs on both workers at once (the models are
 * thread-safe); scores run one at a time, because the oracle's divergence needs DJL's one gradient collector, and they
 * are the longer stage, so a sampled job waits in a queue rather than holding a worker, and a free worker takes a
 * waiting score before the next sample. Every job depends only on its own seeds: the numbers do not depend on which
 * worker runs it or when.
 */
final class ScorePipeline implements AutoCloseable {
    private final Workers workers = Workers.split();
    private final Queue<Runnable> scores = new ArrayDeque<>();
    private boolean scoring;

    /** {@code sample} on any worker, then {@code score} on its result, one score at a time. */
    <T, R> Future<R> submit(Callable<T> sample, Function<T, R> score) {
        CompletableFuture<R> result = new CompletableFuture<>();
        workers.submit(() -> {
            try {
                T v = sample.call();
                enqueueScore(() -> {
                    try {
                        result.complete(score.apply(v));
                    } catch (RuntimeException | Error e) {
                        result.completeExceptionally(e);
                    }
                });
            } catch (Exception | Error e) {
                result.completeExceptionally(e);
            }
            return null;
        });
        return result;
    }

    private synchronized void enqueueScore(Runnable r) {
        scores.add(r);
        startNextScore();
    }

    /** Hands the next waiting score to the workers, ahead of any sampling, unless one is running. */
    private synchronized void startNextScore() {
        if (scoring || scores.isEmpty()) {
            return;
        }
        scoring = true;
        Runnable next = scores.poll();
        workers.submitFirst(() -> {
            try {
                next.run();
            } finally {
                synchronized (this) {
                    scoring = false;
                    startNextScore();
                }
            }
            return null;
        });
    }

    @Override
    public void close() {
        workers.close();
    }
}
