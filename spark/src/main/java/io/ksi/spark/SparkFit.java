package io.ksi.spark;

import io.ksi.bridge.EngineSettings;
import io.ksi.ensemble.Accumulation;
import io.ksi.ensemble.DistributedFit;
import io.ksi.ensemble.FitPlan;
import io.ksi.ensemble.FitSystems;
import io.ksi.ensemble.feature.FeatureField;
import java.util.List;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;

/** {@code ksi fit --spark MASTER}: a Spark context for the one fit, then {@link SparkFitter}. */
public final class SparkFit implements DistributedFit {
    @Override
    public Accumulation accumulation(String master, int partitions) {
        if (partitions < 0) {
            throw new IllegalArgumentException("--partitions must be at least 0, got " + partitions);
        }
        return (fields, plan) -> accumulate(master, partitions, fields, plan);
    }

    private static FitSystems accumulate(
            String master, int partitions, List<? extends FeatureField> fields, FitPlan plan) {
        // Hadoop's note that it found no native library is noise for a fit that reads no HDFS
        System.setProperty("org.slf4j.simpleLogger.log.org.apache.hadoop.util.NativeCodeLoader", "error");
        SparkConf conf = new SparkConf()
                .setAppName("ksi fit")
                .setIfMissing("spark.master", master)
                .setIfMissing("spark.ui.enabled", "false");
        if (conf.get("spark.master").startsWith("local")) {
            // one machine: no need to look up the host's address (which warns when it resolves to loopback)
            conf.setIfMissing("spark.driver.host", "127.0.0.1").setIfMissing("spark.driver.bindAddress", "127.0.0.1");
        }
        int threads = EngineSettings.threads();
        try (JavaSparkContext sc = new JavaSparkContext(conf)) {
            sc.setLogLevel("WARN");
            if (sc.isLocal()) {
                // the tasks run in this JVM, as many at a time as local[N] says: share the cores among them, as the
                // local fit's two workers do
                EngineSettings.setThreads(Math.max(1, threads / sc.defaultParallelism()));
            }
            return SparkFitter.accumulate(sc, fields, plan, partitions > 0 ? partitions : sc.defaultParallelism());
        } finally {
            EngineSettings.setThreads(threads);
        }
    }
}
