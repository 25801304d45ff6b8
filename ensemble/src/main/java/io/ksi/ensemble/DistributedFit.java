package io.ksi.ensemble;

import java.util.ServiceLoader;

/**
 * A cluster engine for the fit's sums, found through {@link ServiceLoader} so that the engine (the ksi-spark module)
 * stays off every other path: {@code Fitter.fit(fields, plan, DistributedFit.on("spark://host:7077", 0))}.
 */
public interface DistributedFit {
    /**
     * @param master the engine's master URL, e.g. {@code local[2]}, {@code spark://host:7077} or {@code yarn}
     * @param partitions tasks to spread the work over; 0 for the engine's default parallelism
     */
    Accumulation accumulation(String master, int partitions);

    /** The accumulation of the engine on the classpath. */
    static Accumulation on(String master, int partitions) {
        return ServiceLoader.load(DistributedFit.class)
                .findFirst()
                .orElseThrow(() -> new IllegalStateException(
                        "--spark needs the ksi-spark module on the classpath (the ksi launcher adds it; under"
                                + " spark-submit use the shaded jar, docs/distributed.md)"))
                .accumulation(master, partitions);
    }
}
