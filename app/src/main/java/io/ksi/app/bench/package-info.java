/**
 * {@code ksi bench}: one class per benchmark, chosen by name from {@link io.ksi.app.bench.Benchmarks}; the numbers of
 * docs/benchmarks.md. Timings are medians (or bests) of interleaved repeats after warm-up. Benchmarks that time a whole
 * {@code ksi} command get it as a {@link io.ksi.app.bench.BenchSettings#ksi} runner, so this package does not depend on
 * the CLI.
 *
 * <p>May depend on: {@code io.ksi.bridge.*}, {@code io.ksi.data}, {@code io.ksi.models.*}, {@code io.ksi.ensemble.*},
 * {@code io.ksi.app.serve}.
 */
package io.ksi.app.bench;
