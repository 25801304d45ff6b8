package io.ksi.app.cli;

import io.ksi.app.demo.MnistCohorts;
import io.ksi.app.demo.MnistReport;
import io.ksi.app.demo.MnistSettings;
import io.ksi.app.demo.MnistStudy;
import io.ksi.bridge.OneDnn;
import io.ksi.bridge.Progress;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
        mixinStandardHelpOptions = true,
        name = "demo",
        description = "The paper's MNIST experiment end to end on real digits: weak U-Net cohorts combined without"
                + " training, ensemble-size sweep, cross-domain composition, judged by the project's MNIST classifier"
                + " (FID, recognized share, class entropy) and an oracle's likelihood. Writes out/demo/.")
final class DemoCommand implements Callable<Integer> {
    @Option(names = "--quick", description = "smaller sizes (about 4 minutes on 2 cores); CI runs this")
    boolean quick;

    @Option(
            names = "--retrain",
            description = "remake the committed cohorts and oracle first (about 45 minutes at --threads 1)")
    boolean retrain;

    @Option(
            names = "--models",
            defaultValue = "models/mnist",
            description = "folder of the demo's models (default: ${DEFAULT-VALUE})")
    Path models;

    @Option(
            names = "--judge",
            defaultValue = "models/judge/mnist_judge.pt",
            description = "the MNIST classifier that judges the samples (default: ${DEFAULT-VALUE})")
    Path judge;

    @Option(
            names = "--templates",
            defaultValue = "models/templates/train",
            description = "training templates, for --retrain (default: ${DEFAULT-VALUE})")
    Path templates;

    @Option(names = "--out", defaultValue = "out/demo", description = "output folder (default: ${DEFAULT-VALUE})")
    Path out;

    @Option(
            names = "--seed",
            defaultValue = "0",
            description = "pairs, subsets, sampling noise and probes (default: ${DEFAULT-VALUE})")
    long seed;

    @Mixin
    ThreadsOption threads;

    @Option(
            names = {"-q", "--quiet"},
            description = "no progress bars")
    boolean quiet;

    @Override
    public Integer call() {
        if (retrain) {
            // before any model runs: training keeps oneDNN's AVX2 kernels (OneDnn); the study then runs at AVX2 too
            OneDnn.capForTraining();
        }
        threads.apply();
        if (retrain) {
            MnistCohorts.retrain(models, templates, System.out::println);
        }
        MnistSettings s = quick ? MnistSettings.quick(seed) : MnistSettings.full(seed);
        MnistStudy.Outcome o = new MnistStudy(
                        MnistCohorts.manifest(models),
                        MnistCohorts.oracleManifest(models),
                        MnistCohorts.equalComputeManifest(models),
                        judge,
                        s,
                        System.out::println,
                        quiet ? Progress.NONE : ConsoleProgress.create())
                .run();
        MnistReport.write(o, out);
        System.out.print(MnistReport.summary(o));
        System.out.printf(
                "report: %s (pictures, tables, results.json), samples: %s, %.0f s%n",
                out.resolve("report.md"), out.resolve("samples"), o.seconds().get("total"));
        return 0;
    }
}
