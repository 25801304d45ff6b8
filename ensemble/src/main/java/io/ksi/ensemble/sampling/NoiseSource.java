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
        this.streams = new SplittableRandom[count];
        for (int i = 0; i < count; i++) {
            streams[i] = GaussianStreams.stream(seed, first + i);
        }
        this.sampleShape = sampleShape;
        this.device = device;
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
