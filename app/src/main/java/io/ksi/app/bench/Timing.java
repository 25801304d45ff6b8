package io.ksi.app.bench;

import ai.djl.ndarray.types.Shape;
import io.ksi.bridge.ModelSpec;
import io.ksi.bridge.Workers;
import io.ksi.data.Dataset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.Future;

/** Clocks and inputs the benchmarks share. */
final class Timing {
    private Timing() {}

    static double seconds(Runnable r) {
        long s = System.nanoTime();
        r.run();
        return (System.nanoTime() - s) / 1e9;
    }

    static double median(double[] v) {
        double[] c = v.clone();
        Arrays.sort(c);
        return c[c.length / 2];
    }

    /** One stream per worker, after an untimed round that warms the workers' threads (predictors, engine state). */
    static double streams(Workers w, Callable<Void> stream) {
        double t = 0;
        for (int round = 0; round < 2; round++) {
            List<Future<Void>> jobs = new ArrayList<>();
            long s = System.nanoTime();
            for (int i = 0; i < w.count(); i++) {
                jobs.add(w.submit(stream));
            }
            jobs.forEach(Workers::get);
            t = (System.nanoTime() - s) / 1e9;
        }
        return t;
    }

    /** The per-sample input shape the spec declares; benchmarks need a fixed one. */
    static Shape inputShape(ModelSpec spec) {
        if (spec.inputShape() == null || spec.inputShape().size() < 0) {
            throw new IllegalArgumentException(
                    "model '" + spec.name() + "' declares no fixed input shape; give \"inputShape\" in its manifest");
        }
        return spec.inputShape();
    }

    /** n standard normal samples of a shape, seed 3: inputs for timing, not data. */
    static Dataset randomData(Shape shape, int n) {
        int d = (int) shape.size();
        float[] v = new float[n * d];
        SplittableRandom r = new SplittableRandom(3);
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) r.nextGaussian();
        }
        return new Dataset(v, shape);
    }
}
