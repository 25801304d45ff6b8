package io.ksi.app.cli;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.ksi.bridge.DjlVelocityField;
import io.ksi.bridge.ModelLoader;
import io.ksi.bridge.ModelRefs;
import io.ksi.bridge.ModelSpec;
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

    @Option(names = "--seed", defaultValue = "0", description = "seed of the random health-check batch")
    long seed;

    @Mixin
    EngineOptions engine;

    @Override
    public Integer call() {
        int failed = 0;
        System.out.printf(
                "%-22s %-12s %-8s %-14s %-9s %s%n",
                "name", "format", "device", "input", "output", "health (batch of 4 at t=0.1, 0.5, 0.9)");
        for (ModelSpec spec : ModelRefs.resolve(models)) {
            String health;
            String device = "-";
            try (NDManager m = NDManager.newBaseManager("PyTorch");
                    DjlVelocityField f = ModelLoader.load(spec, engine.load())) {
                device = f.device().toString();
                Shape in = f.inputShape();
                if (in == null || java.util.Arrays.stream(in.getShape()).anyMatch(d -> d < 0)) {
                    health = "skipped: declare inputShape in the manifest to check";
                } else {
                    m.getEngine().setRandomSeed((int) seed);
                    NDArray x = m.randomNormal(new Shape(4).addAll(in));
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
                    "%-22s %-12s %-8s %-14s %-9s %s%n",
                    spec.name(),
                    spec.format(),
                    device,
                    spec.inputShape() == null ? "?" : spec.inputShape().toString(),
                    spec.output().name().toLowerCase(),
                    health);
        }
        return failed == 0 ? 0 : 2;
    }
}
