package io.ksi.spark;

import ai.djl.ndarray.NDManager;
import io.ksi.bridge.EngineSettings;
import io.ksi.bridge.Progress;
import io.ksi.ensemble.FitPlan;
import io.ksi.ensemble.FitSystems;
import io.ksi.ensemble.Fitter;
import io.ksi.ensemble.PairSource;
import io.ksi.ensemble.feature.FeatureField;
import io.ksi.ensemble.interpolant.Schedule;
import io.ksi.ensemble.interpolant.Schedules;
import io.ksi.ensemble.system.GramAccumulator;
import io.ksi.ensemble.system.LinearSystem;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.IntPredicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.SparkEnv;
import org.apache.spark.SparkException;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;

/**
 * The fit's Gram accumulation on Spark. The work is cut into fixed batches of pairs (batch k of a pair source is always
 * pairs [kB, (k+1)B), the batches {@link Fitter#fit} uses); a partition is a range of batches; a task returns the sums
 * of each of its batches at every time, and the driver adds them per time in batch order, exactly as the local fit
 * does. Spark's own reduce or treeAggregate would add in completion order, which changes the last bits from run to run.
 */
public final class SparkFitter {
    /** One chunk's sums at one time: source 0 is the training pairs, 1 the held-out ones. */
    record ChunkSums(int source, int chunk, int time, GramAccumulator.Partial sums) implements Serializable {}

    /** The units one task covers: unit u is batch u / T (train batches, then held-out ones) at time index u % T. */
    record UnitRange(int from, int to) implements Serializable {}

    /**
     * Tests only: fails the first attempt of the tasks it accepts (a partition index), to prove retries change nothing.
     */
    static volatile IntPredicate failFirstAttempt = p -> false;

    /** Executors report progress by finishing tasks (a listener on the driver), not by steps. */
    private static final Progress.Task NO_STEPS = Progress.NONE.start("", 0);

    private SparkFitter() {}

    /**
     * @param partitions Spark tasks to spread the (chunk, time) units over (at most one per unit); the result does not
     *     depend on it
     * @param progress one step per finished task
     */
    public static FitSystems accumulate(
            JavaSparkContext sc, List<? extends FeatureField> fields, FitPlan plan, int partitions) {
        if (partitions < 1) {
            throw new IllegalArgumentException("--partitions must be at least 1, got " + partitions);
        }
        if (plan.screen() != null) {
            throw new IllegalArgumentException(
                    "a screened fit (--active) runs locally; on Spark, fit densely and choose"
                            + " the active members with ksi solve --rule top:K");
        }
        FieldRecipe recipe = FieldRecipe.of(fields);
        String schedule = plan.schedule().name();
        double[] times = plan.times();
        int batchSize = plan.batchSize();
        PairSet trainSet = PairSet.of(plan.train());
        PairSet heldOutSet = plan.heldOut() == null ? null : PairSet.of(plan.heldOut());
        int trainChunks = Fitter.chunks(plan.train(), batchSize);
        int heldOutChunks = plan.heldOut() == null ? 0 : Fitter.chunks(plan.heldOut(), batchSize);
        int total = trainChunks + heldOutChunks;
        int units = total * times.length;
        List<UnitRange> ranges = ranges(units, Math.min(partitions, units));
        Broadcast<PairSet> trainB = sc.broadcast(trainSet);
        Broadcast<PairSet> heldOutB = heldOutSet == null ? null : sc.broadcast(heldOutSet);
        int taskCpus = sc.getConf().getInt("spark.task.cpus", 1);
        String group = "ksi-fit-" + System.nanoTime();
        List<ChunkSums> sums;
        try (Progress.Task task = plan.progress()
                .start(
                        "fit on spark: " + total + " chunks x " + times.length + " times in " + ranges.size()
                                + " tasks",
                        ranges.size())) {
            TaskListener listener = new TaskListener(task);
            sc.sc().addSparkListener(listener);
            try {
                sc.setJobGroup(group, "ksi fit: Gram sums of " + total + " chunks x " + times.length + " times", false);
                sums = sc.parallelize(ranges, ranges.size())
                        .mapPartitions((Iterator<UnitRange> it) -> run(
                                it, recipe, schedule, times, trainB, heldOutB, trainChunks, total, batchSize, taskCpus))
                        .collect();
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) { // Spark's own SparkException is checked but undeclared
                throw e instanceof SparkException se ? executorFailure(se) : new IllegalStateException(e);
            } finally {
                sc.clearJobGroup();
                sc.sc().removeSparkListener(listener);
                trainB.destroy();
                if (heldOutB != null) {
                    heldOutB.destroy();
                }
            }
        }
        return new FitSystems(
                fold(sums, 0, times.length, trainChunks),
                heldOutSet == null ? null : fold(sums, 1, times.length, heldOutChunks));
    }

    /**
     * What failed on the executors, in one line: Spark reports a task that failed on every attempt as a job abort with
     * the executor's stack trace inside its message; the user needs the executor's own error (a model file missing at
     * the driver's path, say).
     */
    static IllegalStateException executorFailure(SparkException e) {
        String m = String.valueOf(e.getMessage());
        Matcher cause =
                Pattern.compile("\\(executor [^)]*\\): [\\w.$]+: ([^\\n]*)").matcher(m);
        String first = cause.find() ? cause.group(1) : m.lines().findFirst().orElse(m);
        return new IllegalStateException(
                "the fit failed on the Spark executors: " + first
                        + " (every executor must read the models at the driver's paths; docs/distributed.md)",
                e);
    }

    /** {@code parts} contiguous ranges of [0, total), sizes differing by at most one. */
    static List<UnitRange> ranges(int total, int parts) {
        List<UnitRange> out = new ArrayList<>();
        for (int i = 0; i < parts; i++) {
            out.add(new UnitRange((int) ((long) total * i / parts), (int) ((long) total * (i + 1) / parts)));
        }
        return out;
    }

    /** Per time, the chunks' sums added in chunk order: the local fit's order, hence its bits. */
    static List<LinearSystem> fold(List<ChunkSums> sums, int source, int times, int chunks) {
        GramAccumulator.Partial[][] grid = new GramAccumulator.Partial[times][chunks];
        for (ChunkSums s : sums) {
            if (s.source() == source) {
                grid[s.time()][s.chunk()] = s.sums();
            }
        }
        List<LinearSystem> systems = new ArrayList<>();
        for (int t = 0; t < times; t++) {
            GramAccumulator acc = null;
            for (int k = 0; k < chunks; k++) {
                if (grid[t][k] == null) {
                    throw new IllegalStateException("no sums came back for chunk " + k + " at time index " + t);
                }
                if (acc == null) {
                    acc = new GramAccumulator(grid[t][k].h().length);
                }
                acc.add(grid[t][k]);
            }
            systems.add(acc.system());
        }
        return systems;
    }

    /** One task: the units of its chunk, on the executor's cached models. */
    private static Iterator<ChunkSums> run(
            Iterator<UnitRange> ranges,
            FieldRecipe recipe,
            String scheduleName,
            double[] times,
            Broadcast<PairSet> train,
            Broadcast<PairSet> heldOut,
            int trainChunks,
            int totalChunks,
            int batchSize,
            int taskCpus) {
        TaskContext context = TaskContext.get();
        if (context.attemptNumber() == 0 && failFirstAttempt.test(context.partitionId())) {
            throw new IllegalStateException("injected failure of partition " + context.partitionId() + ", attempt 0");
        }
        boolean onDriverJvm = "driver".equals(SparkEnv.get().executorId());
        // the models first: on an executor's own JVM that sets the engine up (offline, threads) and loads it
        List<FeatureField> fields = ExecutorModels.get(recipe, taskCpus, onDriverJvm);
        EngineSettings.inferenceOnThisThread(); // Spark's task threads are new threads to libtorch
        Schedule schedule = Schedules.byName(scheduleName);
        PairSource trainPairs = train.value().source();
        PairSource heldOutPairs = heldOut == null ? null : heldOut.value().source();
        List<ChunkSums> out = new ArrayList<>();
        try (NDManager base =
                NDManager.newBaseManager(io.ksi.ensemble.feature.FeatureFields.device(fields), "PyTorch")) {
            while (ranges.hasNext()) {
                UnitRange c = ranges.next();
                for (int u = c.from(); u < c.to(); u++) {
                    int g = u % totalChunks;
                    int ti = u / totalChunks;
                    int source = g < trainChunks ? 0 : 1;
                    int k = source == 0 ? g : g - trainChunks;
                    PairSource pairs = source == 0 ? trainPairs : heldOutPairs;
                    GramAccumulator.Partial sums =
                            Fitter.chunkSums(fields, schedule, times[ti], pairs, k, batchSize, base, NO_STEPS);
                    out.add(new ChunkSums(source, k, ti, sums));
                }
            }
        }
        return out.iterator();
    }

    /** Steps the progress bar as tasks finish (the context runs one fit at a time). */
    private static final class TaskListener extends SparkListener {
        private final Progress.Task task;

        TaskListener(Progress.Task task) {
            this.task = task;
        }

        @Override
        public void onTaskEnd(SparkListenerTaskEnd end) {
            if (end.taskInfo().successful()) {
                synchronized (task) {
                    task.step(1);
                }
            }
        }
    }
}
