/**
 * The fit's Gram accumulation on Apache Spark ({@code ksi fit --spark MASTER}): pairs are cut into fixed batches whose
 * sums are computed on executors and added on the driver in batch order, so the result equals the local fit bit for bit
 * whatever the partitions, executors or task retries. Plugged into the library's {@code Fitter} as an
 * {@code io.ksi.ensemble.DistributedFit}, found by ServiceLoader.
 *
 * <p>May depend on: {@code io.ksi.bridge.*}, {@code io.ksi.data}, {@code io.ksi.ensemble.*}.
 */
package io.ksi.spark;
