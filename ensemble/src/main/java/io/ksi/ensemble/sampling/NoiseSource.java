package io.ksi.ensemble.sampling;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.SplittableRandom;

/** Standard-normal draws for a batch of samples [first, first + count), each sample on its own seeded stream. */
public final class NoiseSource {
    private final SplittableRandom[] streams;
    private final Shape sampleShape;
    private final Device device;

    public NoiseSource(long seed, long first, int count, Shape sampleShape, Device device) {
        this(streams(seed, first, count), sampleShape, device);
    }

    /** Row r draws from {@code streams[r]}: rows of one batch may come from different seeds (coalesced requests). */
    public NoiseSource(SplittableRandom[] streams, Shape sampleShape, Device device) {
        this.streams = streams.clone();
        this.sampleShape = sampleShape;
        this.device = device;
    }

    /** The streams of samples [first, first + count) of a seed. */
    public static SplittableRandom[] streams(long seed, long first, int count) {
        SplittableRandom[] s = new SplittableRandom[count];
        for (int i = 0; i < count; i++) {
            s[i] = GaussianStreams.stream(seed, first + i);
        }
        return s;
    }

    /** The next draw for every sample of the batch: [count, ...sampleShape], attached to m. */
    public NDArray next(NDManager m) {
        int d = (int) sampleShape.size();
        float[] buf = new float[streams.length * d];
        for (int i = 0; i < streams.length; i++) {
            GaussianStreams.fill(streams[i], buf, i * d, d);
        }
        return m.create(buf, new Shape(streams.length).addAll(sampleShape)).toDevice(device, false);
    }
}
