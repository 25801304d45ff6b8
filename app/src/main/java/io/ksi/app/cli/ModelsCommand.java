package io.ksi.app.cli;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.ksi.bridge.LoadOptions;
import io.ksi.bridge.ModelLoader;
import io.ksi.bridge.ModelRefs;
import io.ksi.bridge.ModelSpec;
import io.ksi.bridge.convention.Convention;
import io.ksi.ensemble.feature.FeatureFields;
import io.ksi.ensemble.feature.ModelField;
import io.ksi.ensemble.interpolant.Schedule;
import io.ksi.ensemble.interpolant.Schedules;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
        mixinStandardHelpOptions = true,
        name = "models",
        description = "List models with format, device and a health check on a random batch.")
final class ModelsCommand implements Callable<Integer> {
    @Option(
            names = {"--manifest", "--models"},
            required = true,
            description = "a manifest, manifest#name or a comma-separated list of files")
    String models;

    @Option(
            names = "--seed",
            defaultValue = "0",
            description = "seed of the random health-check batch (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(
            names = "--device",
            defaultValue = "auto",
            description = "auto (GPU when DJL sees one), cpu, gpu or gpu:N (default: ${DEFAULT-VALUE})")
    String device;

    @Option(
            names = "--batch",
            defaultValue = "4",
            description = "samples in the health-check batch (default: ${DEFAULT-VALUE})")
    int batch;

    @Mixin
    ThreadsOption threads;

    @Override
    public Integer call() {
        Checks.atLeast("--batch", batch, 1);
        threads.apply();
        LoadOptions load = LoadOptions.DEFAULT.withDevice(device).withMaxBatch(Math.max(batch, 1));
        int failed = 0;
        System.out.printf(
                "%-22s %-12s %-8s %-14s %-12s %s%n",
                "name", "format", "device", "input", "output", "health (batch of " + batch + " at t=0.1, 0.5, 0.9)");
        List<ModelSpec> specs = ModelRefs.resolve(models);
        FeatureFields.checkSchedules(specs);
        for (ModelSpec spec : specs) {
            String health;
            String device = "-";
            try (NDManager m = NDManager.newBaseManager("PyTorch");
                    ModelField f = ModelField.of(ModelLoader.load(spec, load))) {
                device = f.model().device().toString();
                Shape in = f.model().inputShape();
                if (in == null || java.util.Arrays.stream(in.getShape()).anyMatch(d -> d < 0)) {
                    health = "skipped: declare inputShape in the manifest to check";
                } else {
                    m.getEngine().setRandomSeed((int) seed);
                    NDArray x = m.randomNormal(new Shape(batch).addAll(in));
                    long start = System.nanoTime();
                    double rms = 0;
                    for (double t : new double[] {0.1, 0.5, 0.9}) {
                        rms = Math.max(
                                rms, Math.sqrt(f.evaluate(x, t).square().mean().getFloat()));
                    }
                    health =
                            String.format("ok, max rms |v| %.3g, %.1f ms/call", rms, (System.nanoTime() - start) / 3e6);
                }
            } catch (RuntimeException e) {
                health = "FAILED: " + e.getMessage();
                failed++;
            }
            System.out.printf(
                    "%-22s %-12s %-8s %-14s %-12s %s%n",
                    spec.name(),
                    spec.format(),
                    device,
                    spec.inputShape() == null ? "?" : spec.inputShape().toString(),
                    spec.convention() != null
                            ? spec.convention().kind()
                            : spec.output().name().toLowerCase(),
                    health);
        }
        conventionMaps(specs);
        return failed == 0 ? 0 : 2;
    }

    /** For checkpoints of other conventions: which noise level and timestep each ksi time is fed as. */
    private static void conventionMaps(List<ModelSpec> specs) {
        for (ModelSpec spec : specs) {
            Convention c = spec.convention();
            if (c == null) {
                continue;
            }
            Schedule s = Schedules.byName(spec.schedule());
            StringBuilder b = new StringBuilder(spec.name() + ": " + c + ", as ksi's " + s.name() + " schedule:");
            for (double t : new double[] {0.1, 0.5, 0.9}) {
                double snr = Math.pow(s.beta(t) / s.alpha(t), 2);
                Convention.Level l = c.level(snr);
                b.append(String.format(
                        Locale.ROOT,
                        " t %.1f -> timestep %.4g (a %.3g, sigma %.3g);",
                        t,
                        l.timestep(),
                        l.a(),
                        l.sigma()));
            }
            double[] range = c.snrRange();
            b.append(String.format(
                    Locale.ROOT, " exact for SNR in [%.3g, %.3g], the nearest end outside", range[0], range[1]));
            System.out.println(b);
        }
    }
}
