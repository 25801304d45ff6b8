package io.ksi.spark;

import ai.djl.ndarray.types.Shape;
import io.ksi.data.Dataset;
import io.ksi.ensemble.PairSource;
import java.io.Serializable;

/**
 * A {@link PairSource} as executors rebuild it: the data rows, the number of pairs and the seed. Pair n's noise and
 * data row are functions of these alone, so every executor makes the same pairs as the driver.
 */
record PairSet(float[] values, long[] sampleShape, int pairs, long seed) implements Serializable {
    static PairSet of(PairSource source) {
        Dataset data = source.data();
        return new PairSet(data.toFloatArray(), data.sampleShape().getShape(), source.pairs(), source.seed());
    }

    PairSource source() {
        return new PairSource(new Dataset(values, new Shape(sampleShape)), pairs, seed);
    }
}
