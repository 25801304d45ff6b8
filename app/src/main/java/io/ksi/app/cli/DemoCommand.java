package io.ksi.app.cli;

import io.ksi.app.demo.DemoModels;
import io.ksi.app.demo.DemoReport;
import io.ksi.app.demo.StudySettings;
import io.ksi.app.demo.WeakEnsembleStudy;
import io.ksi.bridge.Progress;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
        mixinStandardHelpOptions = true,
        name = "demo",
        description = "The paper's ensemble experiment end to end: weak U-Net cohorts combined without "
                + "training, ensemble-size sweep, cross-domain composition, scored by an oracle. Writes out/demo/.")
final class DemoCommand implements Callable<Integer> {
    @Option(names = "--quick", description = "smaller sizes (about 2 minutes on 2 cores); CI runs this")
    boolean quick;

    @Option(names = "--retrain", description = "remake the committed cohorts and oracle first (about 30 minutes)")
    boolean retrain;

    @Option(
            names = "--models",
            defaultValue = "models/demo",
            description = "folder of the demo's models (default: ${DEFAULT-VALUE})")
    Path models;

    @Option(
            names = "--templates",
            defaultValue = "models/templates/train",
            description = "training templates, for --retrain")
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
        threads.apply();
        if (retrain) {
            DemoModels.retrain(models, templates, System.out::println);
        }
        StudySettings s = quick ? StudySettings.quick(seed) : StudySettings.full(seed);
        WeakEnsembleStudy study = new WeakEnsembleStudy(
                DemoModels.manifest(models),
                DemoModels.oracleManifest(models),
                s,
                System.out::println,
                quiet ? Progress.NONE : ConsoleProgress.create());
        WeakEnsembleStudy.Outcome o = study.run();
        DemoReport.write(o, out);
        System.out.print(DemoReport.summary(o));
        System.out.printf(
                "report: %s (pictures, tables, results.json), %.0f s%n",
                out.resolve("report.md"), o.seconds().get("total"));
        return 0;
    }
}
