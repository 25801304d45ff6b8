package io.ksi.app.cli;

import io.ksi.app.demo.EmojiCohorts;
import io.ksi.app.demo.EmojiReport;
import io.ksi.app.demo.EmojiSettings;
import io.ksi.app.demo.EmojiStudy;
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
import picocli.CommandLine.Parameters;

@Command(
        mixinStandardHelpOptions = true,
        name = "demo",
        description = "The paper's MNIST experiment end to end on real digits: weak U-Net cohorts combined without"
                + " training, ensemble-size sweep, cross-domain composition, judged by the project's MNIST classifier"
                + " (FID, recognized share, class entropy) and an oracle's likelihood. Writes out/demo/. `ksi demo"
                + " color`: the paper's CelebA protocol on real colour emoji (25 weak Noto models, 10 Twemoji ones),"
                + " judged by the project's emoji classifier. Writes out/demo-color/.")
final class DemoCommand implements Callable<Integer> {
    @Parameters(
            arity = "0..1",
            defaultValue = "mnist",
            paramLabel = "STUDY",
            description = "mnist (real digits) or color (real emoji art) (default: ${DEFAULT-VALUE})")
    String study;

    @Option(names = "--quick", description = "smaller sizes (about 4 minutes on 2 cores); CI runs this")
    boolean quick;

    @Option(
            names = "--retrain",
            description = "remake the committed cohorts and oracle first (about 45 minutes for mnist, 115 for color)")
    boolean retrain;

    @Option(
            names = "--models",
            description = "folder of the demo's models (default: models/mnist, or models/emoji for color)")
    Path models;

    @Option(
            names = "--judge",
            description = "the classifier that judges the samples (default: models/judge/mnist_judge.pt, or"
                    + " models/judge/emoji_judge.pt for color)")
    Path judge;

    @Option(
            names = "--templates",
            defaultValue = "models/templates/train",
            description = "training templates, for --retrain (default: ${DEFAULT-VALUE})")
    Path templates;

    @Option(names = "--out", description = "output folder (default: out/demo, or out/demo-color for color)")
    Path out;

    @Option(
            names = "--sampler",
            description = "color only: optimal (the paper's optimal diffusion) or heun (the probability-flow ODE, two"
                    + " model calls a step) (default: the study's, optimal)")
    String sampler;

    @Option(
            names = "--sample-steps",
            description = "color only: steps of the sampler (default: the study's, 25; 10 with --quick)")
    Integer sampleSteps;

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
        if (study.equals("color") || study.equals("colour")) {
            return color();
        }
        if (!study.equals("mnist")) {
            throw new IllegalArgumentException("unknown study '" + study + "': expected mnist or color");
        }
        if (sampler != null || sampleSteps != null) {
            throw new IllegalArgumentException("--sampler and --sample-steps apply to the color study only; the mnist"
                    + " study's sampler is fixed (docs/demo.md)");
        }
        models = models != null ? models : Path.of("models/mnist");
        judge = judge != null ? judge : Path.of("models/judge/mnist_judge.pt");
        out = out != null ? out : Path.of("out/demo");
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

    private int color() {
        models = models != null ? models : Path.of("models/emoji");
        judge = judge != null ? judge : Path.of("models/judge/emoji_judge.pt");
        out = out != null ? out : Path.of("out/demo-color");
        if (retrain) {
            EmojiCohorts.retrain(models, templates, System.out::println);
        }
        EmojiSettings s = quick ? EmojiSettings.quick(seed) : EmojiSettings.full(seed);
        if (sampler != null || sampleSteps != null) {
            s = s.withSampler(
                    sampler != null ? sampler : s.sampler(), sampleSteps != null ? sampleSteps : s.sampleSteps());
        }
        EmojiStudy.Outcome o = new EmojiStudy(
                        models, judge, s, System.out::println, quiet ? Progress.NONE : ConsoleProgress.create())
                .run();
        EmojiReport.write(o, out);
        System.out.print(EmojiReport.summary(o));
        System.out.printf(
                "report: %s (pictures, tables, results.json), samples: %s, %.0f s%n",
                out.resolve("report.md"), out.resolve("samples"), o.seconds().get("total"));
        return 0;
    }
}
