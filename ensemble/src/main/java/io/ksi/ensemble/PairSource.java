package io.ksi.ensemble;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.ksi.data.Dataset;
import io.ksi.ensemble.sampling.GaussianStreams;
import java.util.SplittableRandom;

/**
 * The N pairs (x0 ~ N(0, I), x1 from the target data) of a fit, regenerated batch by batch from the seed so that every
 * time of the grid sees the same pairs and memory does not grow with N.
 */
public final class PairSource {
    private final Dataset data;
    private final int pairs;
    private final long seed;
    private final int[] rows;

    /** x1 rows are drawn without replacement while N <= data size, with replacement beyond. */
    public PairSource(Dataset data, int pairs, long seed) {
        if (pairs < 1) {
            throw new IllegalArgumentException("need at least one pair, got " + pairs);
        }
        this.data = data;
        this.pairs = pairs;
        this.seed = seed;
        this.rows = new int[pairs];
        SplittableRandom r = new SplittableRandom(GaussianStreams.mix(seed ^ 0xDA7AL));
        if (pairs <= data.size()) {
            int[] perm = new int[data.size()];
            for (int i = 0; i < perm.length; i++) {
                perm[i] = i;
            }
            for (int i = 0; i < pairs; i++) {
                int j = i + r.nextInt(perm.length - i);
                int tmp = perm[i];
                perm[i] = perm[j];
                perm[j] = tmp;
                rows[i] = perm[i];
            }
        } else {
            for (int i = 0; i < pairs; i++) {
                rows[i] = r.nextInt(data.size());
            }
        }
    }

    /**
     * The seed of a fit's held-out pairs given that of its training pairs: one more, so that the two sets draw
     * independent noise (every ksi command and study uses it).
     */
    public static long heldOutSeed(long seed) {
        return seed + 1;
    }

    public int pairs() {
        return pairs;
    }

    /** The data the x1 rows come from. */
    public Dataset data() {
        return data;
    }

    /** The seed of the noise and of the rows: with the data and the number of pairs, all a copy needs. */
    public long seed() {
        return seed;
    }

    public Shape sampleShape() {
        return data.sampleShape();
    }

    public int batches(int batchSize) {
        return (pairs + batchSize - 1) / batchSize;
    }

    /** Batch {@code b}: x0 and x1, each [B, ...], attached to {@code m}. */
    public NDArray[] batch(NDManager m, int b, int batchSize) {
        int from = b * batchSize;
        int to = Math.min(pairs, from + batchSize);
        int d = data.dimension();
        float[] noise = new float[(to - from) * d];
        for (int i = from; i < to; i++) {
            GaussianStreams.fill(GaussianStreams.stream(seed, i), noise, (i - from) * d, d);
        }
        int[] idx = new int[to - from];
        System.arraycopy(rows, from, idx, 0, idx.length);
        NDArray x0 = m.create(noise, new Shape(idx.length).addAll(data.sampleShape()));
        return new NDArray[] {x0, data.rows(m, idx)};
    }
}
