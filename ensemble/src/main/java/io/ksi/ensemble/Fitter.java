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
import io.ksi.ensemble.feature.MapCoefficient;
import io.ksi.ensemble.interpolant.Schedule;
import io.ksi.ensemble.system.GramAccumulator;
import io.ksi.ensemble.system.LinearSystem;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

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
     * The fit's sums on this machine: the times one after another, or on two workers ({@link FitPlan#parallelTimes}).
     */
    public static final Accumulation LOCAL = Fitter::accumulateHere;

    private Fitter() {}

    /** The ensemble of {@code fields} fitted as {@code plan} says, on this machine. */
    public static KernelEnsemble fit(List<? extends FeatureField> fields, FitPlan plan) {
        return fit(fields, plan, LOCAL);
    }

    /**
     * The ensemble of {@code fields} fitted as {@code plan} says, its sums computed by {@code accumulation} (this
     * machine, or a cluster: {@link DistributedFit}); with {@link RidgeRule.Auto}, re-solved at the candidate ridge of
     * least held-out loss. The ensemble owns the fields from here on; they are left open if the fit fails.
     */
    public static KernelEnsemble fit(List<? extends FeatureField> fields, FitPlan plan, Accumulation accumulation) {
        if (fields.isEmpty()) {
            throw new IllegalArgumentException("no feature fields to fit");
        }
        FitSystems sums = accumulation.accumulate(fields, plan);
        if (sums.train().size() != plan.times().length
                || (plan.heldOut() != null && sums.heldOut().size() != plan.times().length)) {
            throw new IllegalStateException("the accumulation returned systems for "
                    + sums.train().size() + " times, the plan has " + plan.times().length);
        }
        return solve(fields, plan, sums);
    }

    /** The ensemble from the plan's sums, accumulated elsewhere: what {@link #fit} returns for the same sums. */
    public static KernelEnsemble solve(List<? extends FeatureField> fields, FitPlan plan, FitSystems sums) {
        double ridge = plan.ridge() instanceof RidgeRule.Auto auto
                ? KernelEnsemble.leastHeldOutLoss(
                        fields, plan.schedule(), plan.times(), sums, FitRecord.of(plan, 0), auto.candidates())
                : plan.ridge().initial();
        return KernelEnsemble.solve(
                fields, plan.schedule(), plan.times(), sums.train(), sums.heldOut(), FitRecord.of(plan, ridge));
    }

    private static FitSystems accumulateHere(List<? extends FeatureField> fields, FitPlan plan) {
        int p = fields.size();
        double[] times = plan.times();
        PairSource train = plan.train();
        PairSource heldOut = plan.heldOut();
        Device device = FeatureFields.device(fields);
        List<LinearSystem> systems = new ArrayList<>();
        List<LinearSystem> heldOutSystems = new ArrayList<>();
        int batch = plan.batchSize();
        long work = (long) times.length * (train.batches(batch) + (heldOut == null ? 0 : heldOut.batches(batch)));
        try (Progress.Task task = plan.progress().start("fit " + p + " fields", work);
                Workers workers = plan.parallelTimes() ? FeatureFields.workers(fields) : Workers.single()) {
            if (workers.count() == 1) {
                try (NDManager base = NDManager.newBaseManager(device, "PyTorch")) {
                    for (int k = 0; k < times.length; k++) {
                        int[] idx = plan.evaluated(k, p);
                        List<? extends FeatureField> at = pick(fields, idx);
                        systems.add(accumulate(at, plan.schedule(), times[k], train, batch, base, task)
                                .embed(idx, p));
                        if (heldOut != null) {
                            heldOutSystems.add(accumulate(at, plan.schedule(), times[k], heldOut, batch, base, task)
                                    .embed(idx, p));
                        }
                    }
                }
            } else {
                Progress.Task shared = task.synchronizedSteps();
                List<Future<LinearSystem>> trainJobs = new ArrayList<>();
                List<Future<LinearSystem>> heldOutJobs = new ArrayList<>();
                for (int k = 0; k < times.length; k++) {
                    double t = times[k];
                    int[] idx = plan.evaluated(k, p);
                    List<? extends FeatureField> at = pick(fields, idx);
                    trainJobs.add(workers.submit(() -> accumulate(at, plan.schedule(), t, train, batch, shared)
                            .embed(idx, p)));
                    if (heldOut != null) {
                        heldOutJobs.add(workers.submit(() -> accumulate(at, plan.schedule(), t, heldOut, batch, shared)
                                .embed(idx, p)));
                    }
                }
                trainJobs.forEach(f -> systems.add(Workers.get(f)));
                heldOutJobs.forEach(f -> heldOutSystems.add(Workers.get(f)));
            }
        }
        return new FitSystems(systems, heldOut == null ? null : heldOutSystems);
    }

    private static List<? extends FeatureField> pick(List<? extends FeatureField> fields, int[] idx) {
        return idx.length == fields.size()
                ? fields
                : java.util.Arrays.stream(idx).mapToObj(fields::get).toList();
    }

    /** {@link #screened(List, FitPlan, int, int, int)} screening at every fitting time. */
    public static KernelEnsemble screened(List<? extends FeatureField> fields, FitPlan plan, int k, int screenPairs) {
        return screened(fields, plan, k, screenPairs, 1);
    }

    /**
     * A screened sparse fit ({@code ksi fit --active K}): every member fitted on {@code screenPairs} pairs (and the
     * same share of the held-out pairs) at every {@code every}-th fitting time and the last, re-solved as top:K
     * ({@link CombinationRule.Top}: greedy selection with exchanges on held-out loss) to choose K members per screened
     * time, then only those evaluated on the plan's full pairs at every time (a time between screened ones takes the
     * nearest one's members) and solved on them. The model calls of the full fit fall from P to K per pair and time;
     * the screen costs P calls on the fewer pairs and times. The ensemble's systems hold sums for each time's active
     * members only, so it takes no other rule.
     */
    public static KernelEnsemble screened(
            List<? extends FeatureField> fields, FitPlan plan, int k, int screenPairs, int every) {
        if (k < 1 || k >= fields.size()) {
            throw new IllegalArgumentException("--active K needs 1 <= K < P = " + fields.size() + " members, got " + k);
        }
        if (plan.heldOut() == null) {
            throw new IllegalArgumentException("--active chooses members by held-out loss: give --heldout > 0");
        }
        if (screenPairs < 1 || screenPairs > plan.train().pairs()) {
            throw new IllegalArgumentException("the screening fit's pairs must be in [1, "
                    + plan.train().pairs() + "] (the full fit's), got " + screenPairs);
        }
        if (every < 1) {
            throw new IllegalArgumentException("--screen-every N needs N >= 1 (1 screens every time), got " + every);
        }
        PairSource train = plan.train();
        PairSource heldOut = plan.heldOut();
        double share = (double) screenPairs / train.pairs();
        int screenHeldOut = Math.max(1, (int) Math.round(heldOut.pairs() * share));
        double[] times = plan.times();
        int[] screenedAt = screenedTimes(times.length, every);
        FitPlan screening = plan.onPairs(
                new PairSource(train.data(), screenPairs, train.seed()),
                new PairSource(heldOut.data(), screenHeldOut, heldOut.seed()),
                java.util.Arrays.stream(screenedAt).mapToDouble(i -> times[i]).toArray());
        // not closed: the screen's ensemble would close the fields, which the full fit's ensemble takes over
        KernelEnsemble top =
                solve(fields, screening, LOCAL.accumulate(fields, screening)).withRule(new CombinationRule.Top(k));
        int[][] active = new int[times.length][];
        for (int t = 0; t < active.length; t++) {
            active[t] = top.active(nearest(times, screenedAt, t));
        }
        FitPlan full = plan.screened(new FitPlan.Screen(screenPairs, screenHeldOut, every, active));
        return fit(fields, full, LOCAL);
    }

    /** Indices 0, every, 2 every, ... of n fitting times, and the last one: where a screen fits every member. */
    public static int[] screenedTimes(int n, int every) {
        return IntStream.concat(IntStream.iterate(0, i -> i < n, i -> i + every), IntStream.of(n - 1))
                .distinct()
                .toArray();
    }

    /** The position in {@code screenedAt} of the screened time nearest to time index t (the earlier one on a tie). */
    private static int nearest(double[] times, int[] screenedAt, int t) {
        int best = 0;
        for (int j = 1; j < screenedAt.length; j++) {
            if (Math.abs(times[screenedAt[j]] - times[t]) < Math.abs(times[screenedAt[best]] - times[t])) {
                best = j;
            }
        }
        return best;
    }

    /** {@link #accumulate(List, Schedule, double, PairSource, int, NDManager, Progress.Task)} on its own manager. */
    private static LinearSystem accumulate(
            List<? extends FeatureField> fields,
            Schedule s,
            double t,
            PairSource pairs,
            int batchSize,
            Progress.Task task) {
        try (NDManager base = NDManager.newBaseManager(FeatureFields.device(fields), "PyTorch")) {
            return accumulate(fields, s, t, pairs, batchSize, base, task);
        }
    }

    /** The system at one time over all batches of a pair source. */
    static LinearSystem accumulate(
            List<? extends FeatureField> fields,
            Schedule s,
            double t,
            PairSource pairs,
            int batchSize,
            NDManager base,
            Progress.Task task) {
        GramAccumulator acc = new GramAccumulator(fields.size());
        for (int c = 0; c < chunks(pairs, batchSize); c++) {
            acc.add(chunkSums(fields, s, t, pairs, c, batchSize, base, task));
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
            if (f instanceof MapCoefficient mf) {
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
