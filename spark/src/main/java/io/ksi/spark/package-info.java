/**
 * The fit's Gram accumulation on Apache Spark ({@code ksi fit --spark MASTER}): pairs are cut into fixed batches whose
 * sums are computed on executors and added on the driver in batch order, so the result equals the local fit bit for bit
 * whatever the partitions, executors or task retries. Added to the CLI through {@code DistributedFit}.
 *
 * <p>May depend on: {@code io.ksi.bridge.*}, {@code io.ksi.models.*}, {@code io.ksi.ensemble.*}, {@code io.ksi.app.*}.
 */
package io.ksi.spark;
