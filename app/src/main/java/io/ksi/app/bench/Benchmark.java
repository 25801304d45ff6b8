package io.ksi.app.bench;

/** One benchmark of {@code ksi bench}: it prints its own lines (the rows docs/benchmarks.md records). */
@FunctionalInterface
public interface Benchmark {
    void run(BenchSettings settings) throws Exception;
}
