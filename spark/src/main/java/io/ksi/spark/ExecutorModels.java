package io.ksi.spark;

import io.ksi.bridge.EngineSettings;
import io.ksi.ensemble.feature.FeatureField;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The fields each executor JVM loads once per recipe and keeps for every task and every later fit: loading P models per
 * task would cost more than most tasks' work. Tasks of one JVM share them (ksi's fields are safe from several threads).
 * In local mode the executor is the driver's JVM, so the driver's engine settings stand.
 */
final class ExecutorModels {
    private static final Map<FieldRecipe, List<FeatureField>> LOADED = new HashMap<>();
    private static final AtomicInteger MODEL_LOADS = new AtomicInteger();
    private static boolean threadsSet;

    private ExecutorModels() {}

    static synchronized List<FeatureField> get(FieldRecipe recipe, int taskCpus, boolean onDriverJvm) {
        if (!threadsSet && !onDriverJvm) {
            // one task per spark.task.cpus cores: each task's model calls use that many intra-op threads
            EngineSettings.offline();
            EngineSettings.setThreads(taskCpus);
            threadsSet = true;
        }
        return LOADED.computeIfAbsent(recipe, r -> {
            List<FeatureField> fields = r.load();
            MODEL_LOADS.addAndGet(r.models());
            return fields;
        });
    }

    /** Models loaded by this JVM so far (tests: P per recipe, not per task). */
    static int modelLoads() {
        return MODEL_LOADS.get();
    }
}
