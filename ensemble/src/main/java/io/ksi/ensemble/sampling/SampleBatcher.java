package io.ksi.ensemble.sampling;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.ksi.bridge.Progress;
import io.ksi.ensemble.interpolant.Grids;
import io.ksi.ensemble.interpolant.Schedule;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Dynamic batching for a sampler shared by many callers (a server's concurrent requests): pending requests with the
 * same sampler and step count are coalesced into one batch of at most {@code maxBatch} rows, so each step is one model
 * call for all of them. Row r of a request starts from and is driven by the stream (seed, r), exactly as in
 * {@link SampleRunner#sample}, so batching changes a request's samples only by the engine's rounding for another batch
 * size.
 *
 * <p>A request larger than a batch is split; after contributing rows it goes to the back of the queue, so large
 * requests do not starve small ones. Workers take batches from the one queue; {@link #close} finishes what was
 * submitted, then stops them.
 */
public final class SampleBatcher implements AutoCloseable {
    /** What one executed batch looked like: for metrics and logs. */
    public interface Listener {
        void batch(int rows, int requests, double seconds);
    }

    private final Drift drift;
    private final Schedule schedule;
    private final Shape sampleShape;
    private final Device device;
    private final int maxBatch;
    private final int minBatch;
    private final Listener listener;
    private final ArrayDeque<Pending> queue = new ArrayDeque<>();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition work = lock.newCondition();
    private final List<Thread> workers = new ArrayList<>();
    private boolean closed;
    private volatile boolean aborted;

    public SampleBatcher(
            Drift drift,
            Schedule schedule,
            Shape sampleShape,
            Device device,
            int maxBatch,
            int workerCount,
            Listener listener) {
        this(drift, schedule, sampleShape, device, 1, maxBatch, workerCount, listener);
    }

    /**
     * @param minBatch batches with fewer rows are padded to this many with rows nobody asked for. libtorch's CPU
     *     convolutions round a row the same way in every batch of at least 16 rows, but differently below (measured,
     *     docs/serving.md; ONNX Runtime at every size): padding to 16 makes a request's samples bit-identical whatever
     *     it was batched with, for the price of the padding rows when the load is light.
     */
    public SampleBatcher(
            Drift drift,
            Schedule schedule,
            Shape sampleShape,
            Device device,
            int minBatch,
            int maxBatch,
            int workerCount,
            Listener listener) {
        if (maxBatch < 1 || workerCount < 1 || minBatch < 1 || minBatch > maxBatch) {
            throw new IllegalArgumentException("need 1 <= minBatch <= maxBatch and workers >= 1, got minBatch "
                    + minBatch + ", maxBatch " + maxBatch + ", workers " + workerCount);
        }
        this.minBatch = minBatch;
        this.drift = drift;
        this.schedule = schedule;
        this.sampleShape = sampleShape;
        this.device = device;
        this.maxBatch = maxBatch;
        this.listener = listener;
        for (int w = 0; w < workerCount; w++) {
            Thread t = new Thread(this::work, "ksi-sampler-" + w);
            t.setDaemon(true);
            workers.add(t);
            t.start();
        }
    }

    public Shape sampleShape() {
        return sampleShape;
    }

    /** The padding rows' seed: any fixed value; their samples are thrown away. */
    private static final long PADDING_SEED = 0x5EED_0F_0AD0L;

    public int minBatch() {
        return minBatch;
    }

    public int maxBatch() {
        return maxBatch;
    }

    /**
     * Queues n samples; the future completes with them flattened ([n, ...sampleShape] row-major), or exceptionally when
     * the drift diverges (NaN/Inf) or the batcher is closed before they ran.
     */
    public CompletableFuture<float[]> submit(int n, long seed, Sampler sampler, int steps) {
        if (n < 1 || steps < 1) {
            throw new IllegalArgumentException("need n >= 1 and steps >= 1, got n=" + n + " steps=" + steps);
        }
        Pending p = new Pending(n, seed, sampler, steps, (int) sampleShape.size());
        lock.lock();
        try {
            if (closed) {
                throw new IllegalStateException(STOPPED);
            }
            queue.addLast(p);
            work.signal();
        } finally {
            lock.unlock();
        }
        return p.future;
    }

    /** Rows queued and not yet taken into a batch. */
    public int queuedRows() {
        lock.lock();
        try {
            int rows = 0;
            for (Pending p : queue) {
                rows += p.n - p.next;
            }
            return rows;
        } finally {
            lock.unlock();
        }
    }

    private void work() {
        try (NDManager base = NDManager.newBaseManager(device, "PyTorch")) {
            List<Slice> batch;
            while ((batch = take()) != null) {
                run(batch, base);
            }
        }
    }

    /** The next batch: rows of the oldest request's kind, oldest first; null once closed and drained. */
    private List<Slice> take() {
        lock.lock();
        try {
            while (queue.isEmpty() && !closed) {
                work.awaitUninterruptibly();
            }
            if (queue.isEmpty()) {
                return null;
            }
            String key = queue.peekFirst().key;
            List<Slice> batch = new ArrayList<>();
            List<Pending> partial = new ArrayList<>();
            int rows = 0;
            for (Iterator<Pending> it = queue.iterator(); it.hasNext() && rows < maxBatch; ) {
                Pending p = it.next();
                if (p.future.isDone()) { // failed in an earlier batch: its remaining rows are moot
                    it.remove();
                    continue;
                }
                if (!p.key.equals(key)) {
                    continue;
                }
                int count = Math.min(p.n - p.next, maxBatch - rows);
                batch.add(new Slice(p, p.next, count));
                p.next += count;
                rows += count;
                it.remove();
                if (p.next < p.n) {
                    partial.add(p);
                }
            }
            queue.addAll(partial); // round robin: what is left of a large request waits behind the others
            if (!queue.isEmpty()) {
                work.signal();
            }
            return batch.isEmpty() ? List.of() : batch;
        } finally {
            lock.unlock();
        }
    }

    private void run(List<Slice> batch, NDManager base) {
        if (batch.isEmpty()) {
            return;
        }
        Pending head = batch.get(0).pending;
        int rows = batch.stream().mapToInt(Slice::count).sum();
        SplittableRandom[] streams = new SplittableRandom[Math.max(rows, minBatch)];
        int r = 0;
        for (Slice s : batch) {
            SplittableRandom[] own = NoiseSource.streams(s.pending.seed, s.first, s.count);
            System.arraycopy(own, 0, streams, r, own.length);
            r += own.length;
        }
        SplittableRandom[] padding = NoiseSource.streams(PADDING_SEED, 0, streams.length - rows);
        System.arraycopy(padding, 0, streams, rows, padding.length);
        long start = System.nanoTime();
        float[] v;
        try (Progress.Task steps = new AbortCheck()) {
            v = SampleRunner.integrate(
                    drift,
                    schedule,
                    head.sampler,
                    sampleShape,
                    Grids.uniform(head.steps),
                    streams,
                    device,
                    base,
                    steps,
                    "a batch of " + rows + " samples");
        } catch (RuntimeException | Error e) {
            batch.forEach(s -> s.pending.future.completeExceptionally(e));
            return;
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        int offset = 0;
        for (Slice s : batch) {
            s.pending.fill(v, offset, s.first, s.count);
            offset += s.count * s.pending.dim;
        }
        try {
            listener.batch(rows, batch.size(), seconds);
        } catch (RuntimeException e) { // a broken metrics hook must not take the worker, and every later request, down
            System.err.println("ksi: the sample batcher's listener failed: " + e);
        }
    }

    /** Stops taking new requests, finishes the queued ones (waiting at most {@code timeoutMs}), stops the workers. */
    public boolean close(long timeoutMs) {
        lock.lock();
        try {
            closed = true;
            work.signalAll();
        } finally {
            lock.unlock();
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        boolean finished = true;
        for (Thread t : workers) {
            try {
                t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            finished &= !t.isAlive();
        }
        return finished;
    }

    /**
     * Stops now: queued requests fail, a running batch stops after its current step (its requests fail), workers end.
     * For a deadline (a service told to stop); {@link #close(long)} then waits for the workers.
     */
    public void abort() {
        List<Pending> dropped;
        lock.lock();
        try {
            closed = true;
            aborted = true;
            dropped = new ArrayList<>(queue);
            queue.clear();
            work.signalAll();
        } finally {
            lock.unlock();
        }
        dropped.forEach(p -> p.future.completeExceptionally(new IllegalStateException(STOPPED)));
    }

    /** The message of a request that {@link #abort} or a closed batcher refused. */
    public static final String STOPPED = "the sampler is shutting down";

    /** Stepped once per time step: where a running batch notices {@link #abort}. */
    private final class AbortCheck implements Progress.Task {
        @Override
        public void step(long n) {
            if (aborted) {
                throw new IllegalStateException(STOPPED);
            }
        }

        @Override
        public void close() {}
    }

    @Override
    public void close() {
        close(Long.MAX_VALUE / 2_000_000);
    }

    private record Slice(Pending pending, int first, int count) {}

    /** One request: rows are filled by batches in any order; the future completes when the last row lands. */
    private static final class Pending {
        final int n;
        final long seed;
        final Sampler sampler;
        final int steps;
        final int dim;
        final String key;
        final float[] out;
        final CompletableFuture<float[]> future = new CompletableFuture<>();
        int next; // first row not yet taken into a batch; guarded by the batcher's lock
        private int filled; // rows written; guarded by this

        Pending(int n, long seed, Sampler sampler, int steps, int dim) {
            this.n = n;
            this.seed = seed;
            this.sampler = sampler;
            this.steps = steps;
            this.dim = dim;
            this.key = sampler.name() + "/" + steps;
            this.out = new float[Math.multiplyExact(n, dim)];
        }

        void fill(float[] v, int offset, int first, int count) {
            boolean done;
            synchronized (this) {
                System.arraycopy(v, offset, out, first * dim, count * dim);
                filled += count;
                done = filled == n;
            }
            if (done) {
                future.complete(out);
            }
        }
    }
}
