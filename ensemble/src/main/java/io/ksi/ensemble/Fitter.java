package io.ksi.ensemble;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import io.ksi.bridge.Autograd;
import io.ksi.bridge.Progress;
import io.ksi.bridge.Workers;
import io.ksi.ensemble.feature.FeatureField;
import io.ksi.ensemble.feature.FeatureFields;
import io.ksi.ensemble.feature.FeatureMap;
import io.ksi.ensemble.feature.MapFeature;
import io.ksi.ensemble.interpolant.Schedule;
import io.ksi.ensemble.system.GramAccumulator;
import io.ksi.ensemble.system.LinearSystem;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;

/**
 * Fits eta_t = K_t^{-1} h_t on a time grid (docs/method.md §2): for every time, every batch of pairs, evaluate all P
 * fields at I_t and accumulate the Gram matrix. The same pairs are used at every time.
 */
public final class Fitter {
    /**
     * Batches per chunk. A time's sums are added batch by batch within a chunk (a fixed range of pairs) and chunk by
     * chunk into the total, so a distributed fit ships one partial per chunk, not per batch, and still adds the same
     * numbers in the same order. A fit of one chunk (up to 16 batches) adds exactly as a plain batch-by-batch sum.
     */
    public static final int CHUNK_BATCHES = 16;

    /**
     * @param batchSize pairs per model evaluation
     * @param ridge relative ridge: lambda = ridge * trace(K)/P
     * @param device where pairs are made (that of the models)
     * @param progress progress of the (times x batches) loop
     * @param scaleFeatures solve with every feature scaled to unit mean-square gradient (Jacobi), so that the ridge
     *     weighs all features alike: for feature families whose gradients differ by orders of magnitude
     */
    public record Options(
            int batchSize, double ridge, Device device, Progress progress, boolean scaleFeatures, boolean parallel) {
        public Options(int batchSize, double ridge, Device device, Progress progress) {
            this(batchSize, ridge, device, progress, false, false);
        }

        public static Options defaults() {
            return new Options(256, 1e-6, Device.cpu(), Progress.NONE, false, false);
        }

        public Options withRidge(double r) {
            return new Options(batchSize, r, device, progress, scaleFeatures, parallel);
        }

        public Options withBatchSize(int b) {
            return new Options(b, ridge, device, progress, scaleFeatures, parallel);
        }

        public Options withProgress(Progress p) {
            return new Options(batchSize, ridge, device, p, scaleFeatures, parallel);
        }

        public Options withDevice(Device d) {
            return new Options(batchSize, ridge, d, progress, scaleFeatures, parallel);
        }

        public Options withScaledFeatures(boolean on) {
            return new Options(batchSize, ridge, device, progress, on, parallel);
        }

        /**
         * Fit the times on {@link Workers#split()} (two threads, half the intra-op threads each: faster for small
         * models on CPU). Every field must then be safe to call from two threads, as ksi's own fields and models loaded
         * by {@code ModelLoader} are. Ignored where {@link FeatureFields#workers} gives one worker: a GPU, an ONNX
         * model, or a coefficient of a {@link FeatureMap} (its Jacobian needs autograd, which DJL allows on one thread
         * at a time). The numbers do not change: each time's system is accumulated alone, in the same order.
         */
        public Options withParallelTimes(boolean on) {
            return new Options(batchSize, ridge, device, progress, scaleFeatures, on);
        }
    }

    private Fitter() {}

    public static KernelEnsemble fit(
            List<? extends FeatureField> fields,
            Schedule schedule,
            double[] times,
            PairSource train,
            PairSource heldOut,
            Options o) {
        if (fields.isEmpty()) {
            throw new IllegalArgumentException("no feature fields to fit");
        }
        int p = fields.size();
        List<LinearSystem> systems = new ArrayList<>();
        List<LinearSystem> heldOutSystems = new ArrayList<>();
        long work = (long) times.length
                * (train.batches(o.batchSize()) + (heldOut == null ? 0 : heldOut.batches(o.batchSize())));
        try (Progress.Task task = o.progress().start("fit " + p + " fields", work);
                Workers workers = o.parallel() ? FeatureFields.workers(fields) : Workers.single()) {
            if (workers.count() == 1) {
                try (NDManager base = NDManager.newBaseManager(o.device(), "PyTorch")) {
                    for (double t : times) {
                        systems.add(accumulate(fields, schedule, t, train, o, base, task));
                        if (heldOut != null) {
                            heldOutSystems.add(accumulate(fields, schedule, t, heldOut, o, base, task));
                        }
                    }
                }
            } else {
                Progress.Task shared = task.synchronizedSteps();
                List<Future<LinearSystem>> trainJobs = new ArrayList<>();
                List<Future<LinearSystem>> heldOutJobs = new ArrayList<>();
                for (double t : times) {
                    trainJobs.add(workers.submit(() -> accumulate(fields, schedule, t, train, o, shared)));
                    if (heldOut != null) {
                        heldOutJobs.add(workers.submit(() -> accumulate(fields, schedule, t, heldOut, o, shared)));
                    }
                }
                trainJobs.forEach(f -> systems.add(Workers.get(f)));
                heldOutJobs.forEach(f -> heldOutSystems.add(Workers.get(f)));
            }
        }
        return solve(fields, schedule, times, train, heldOut, o, systems, heldOut == null ? null : heldOutSystems);
    }

    /**
     * The ensemble from systems accumulated elsewhere (a distributed fit) over the same pairs: what {@link #fit}
     * returns for the same systems, settings included.
     */
    public static KernelEnsemble solve(
            List<? extends FeatureField> fields,
            Schedule schedule,
            double[] times,
            PairSource train,
            PairSource heldOut,
            Options o,
            List<LinearSystem> systems,
            List<LinearSystem> heldOutSystems) {
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("pairs", train.pairs());
        settings.put("heldOutPairs", heldOut == null ? 0 : heldOut.pairs());
        settings.put("batchSize", o.batchSize());
        settings.put("sampleShape", train.sampleShape().getShape());
        if (o.scaleFeatures()) {
            settings.put(KernelEnsemble.SCALED, true);
        }
        return KernelEnsemble.solve(fields, schedule, times, systems, heldOutSystems, o.ridge(), settings);
    }

    /**
     * {@link #accumulate(List, Schedule, double, PairSource, Options, NDManager, Progress.Task)} on its own manager.
     */
    private static LinearSystem accumulate(
            List<? extends FeatureField> fields,
            Schedule s,
            double t,
            PairSource pairs,
            Options o,
            Progress.Task task) {
        try (NDManager base = NDManager.newBaseManager(o.device(), "PyTorch")) {
            return accumulate(fields, s, t, pairs, o, base, task);
        }
    }

    /** The system at one time over all batches of a pair source. */
    static LinearSystem accumulate(
            List<? extends FeatureField> fields,
            Schedule s,
            double t,
            PairSource pairs,
            Options o,
            NDManager base,
            Progress.Task task) {
        GramAccumulator acc = new GramAccumulator(fields.size());
        for (int c = 0; c < chunks(pairs, o.batchSize()); c++) {
            acc.add(chunkSums(fields, s, t, pairs, c, o.batchSize(), base, task));
        }
        return acc.system();
    }

    /** Chunks of {@link #CHUNK_BATCHES} batches (the last may be shorter) in a pair source. */
    public static int chunks(PairSource pairs, int batchSize) {
        return (pairs.batches(batchSize) + CHUNK_BATCHES - 1) / CHUNK_BATCHES;
    }

    /**
     * The sums of chunk {@code c} at time t, its batches added in order: a distributed fit computes these where it
     * likes and adds them in chunk order, as {@link #fit} does, for the same result.
     */
    public static GramAccumulator.Partial chunkSums(
            List<? extends FeatureField> fields,
            Schedule s,
            double t,
            PairSource pairs,
            int c,
            int batchSize,
            NDManager base,
            Progress.Task task) {
        GramAccumulator chunk = new GramAccumulator(fields.size());
        int to = Math.min(pairs.batches(batchSize), (c + 1) * CHUNK_BATCHES);
        for (int k = c * CHUNK_BATCHES; k < to; k++) {
            chunk.add(partial(fields, s, t, pairs, k, batchSize, base));
            task.step(1);
        }
        return chunk.sums();
    }

    /** The sums of batch {@code k} of a pair source at time t (batch k is always pairs [k B, (k + 1) B)). */
    static GramAccumulator.Partial partial(
            List<? extends FeatureField> fields,
            Schedule s,
            double t,
            PairSource pairs,
            int k,
            int batchSize,
            NDManager base) {
        float a = (float) s.alpha(t);
        float b = (float) s.beta(t);
        float ad = (float) s.alphaDot(t);
        float bd = (float) s.betaDot(t);
        try (NDManager scope = base.newSubManager()) {
            NDArray[] pair = pairs.batch(scope, k, batchSize);
            NDArray it = pair[0].mul(a).add(pair[1].mul(b));
            NDArray dI = pair[0].mul(ad).add(pair[1].mul(bd));
            return GramAccumulator.Partial.of(evaluateAll(fields, it, t), dI);
        }
    }

    /**
     * All P fields at (x, t), stacked as [P, B, D] on x's device and attached to x's manager. The coefficients of one
     * {@link FeatureMap} come from a single Jacobian.
     */
    public static NDArray evaluateAll(List<? extends FeatureField> fields, NDArray x, double t) {
        long b = x.getShape().get(0);
        NDList parts = new NDList(fields.size());
        Map<FeatureMap, NDArray> jacobians = new IdentityHashMap<>();
        for (FeatureField f : fields) {
            if (f instanceof MapFeature mf) {
                NDArray j = jacobians.computeIfAbsent(
                        mf.map(),
                        m -> Autograd.jacobian(m::apply, x, m.size(), m.jacobianChunk(), m.inputType())
                                .toType(DataType.FLOAT32, false));
                parts.add(j.get(mf.index()).reshape(1, b, -1));
            } else {
                parts.add(f.evaluate(x, t).toDevice(x.getDevice(), false).reshape(1, b, -1));
            }
        }
        NDArray stacked = NDArrays.concat(parts, 0);
        parts.stream().filter(a -> a != stacked).forEach(NDArray::close);
        jacobians.values().forEach(NDArray::close);
        return stacked;
    }
}
