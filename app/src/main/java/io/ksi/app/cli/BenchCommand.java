package io.ksi.app.cli;

import io.ksi.app.bench.BenchSettings;
import io.ksi.app.bench.Benchmark;
import io.ksi.app.bench.Benchmarks;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Benchmarks recorded in docs/benchmarks.md. Timings are medians of interleaved repeats after warm-up. */
@Command(
        mixinStandardHelpOptions = true,
        name = "bench",
        description = "Measure model throughput, bridge overhead, fit throughput and fit memory.")
final class BenchCommand implements Callable<Integer> {
    @Option(
            names = "--models",
            defaultValue = "models/templates/manifest.json",
            description = "models to time: TorchScript and ONNX of the same net (default: ${DEFAULT-VALUE})")
    String models;

    @Option(names = "--batch", defaultValue = "256", description = "batch size (default: ${DEFAULT-VALUE})")
    int batch;

    @Option(
            names = "--repeats",
            defaultValue = "7",
            description = "timed repeats per variant (default: ${DEFAULT-VALUE})")
    int repeats;

    @Mixin
    ThreadsOption threads;

    @Option(
            names = "--what",
            defaultValue = "all",
            description = "bridge, fit, memory, workers, scattering or all; serve, spark, paper (not in all) "
                    + "(default: ${DEFAULT-VALUE})")
    String what;

    @Option(
            names = "--fraction",
            defaultValue = "0.0625",
            description = "--what paper: the share of the paper's cost to run; N, K and n each scale by its square"
                    + " root (default: ${DEFAULT-VALUE}, the 1/16 run: 250 pairs, 25 steps, 250 samples)")
    double fraction;

    @Option(
            names = "--members",
            split = ",",
            description =
                    "--what paper: the 20 members to time (default: generated from models/templates/unet_mnist.pt,"
                            + " seeds 0..19, untrained)")
    List<Path> members = new ArrayList<>();

    @Option(
            names = "--work",
            defaultValue = "out/bench/paper",
            description = "--what paper: folder for the generated members, the ensemble and the samples (default:"
                    + " ${DEFAULT-VALUE})")
    Path work;

    @Option(
            names = "--ensemble",
            description =
                    "--what serve: the ensemble to serve; default: 4 members of the demo's mnist-100 cohort fitted"
                            + " on 256 MNIST pairs x 20 times")
    Path ensemble;

    @Option(
            names = "--requests",
            defaultValue = "96",
            description = "--what serve: requests of 16 samples per load level (default: ${DEFAULT-VALUE})")
    int requests;

    @Override
    public Integer call() throws Exception {
        List<Benchmark> chosen = Benchmarks.chosen(what);
        threads.apply();
        System.out.printf(
                "# ksi bench: %s, %d cores, java %s, batch %d, %d repeats%n",
                io.ksi.bridge.Devices.describe(),
                Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"),
                batch,
                repeats);
        BenchSettings settings = new BenchSettings(
                models,
                batch,
                repeats,
                fraction,
                members,
                work,
                ensemble,
                requests,
                Path.of(System.getProperty("ksi.root", ".")),
                Ksi::run);
        for (Benchmark b : chosen) {
            b.run(settings);
        }
        return 0;
    }
}
