package io.ksi.app.cli;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.ksi.bridge.ModelLoader;
import io.ksi.bridge.ModelRefs;
import io.ksi.bridge.ModelSpec;
import io.ksi.bridge.Npy;
import io.ksi.ensemble.feature.ModelField;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
        mixinStandardHelpOptions = true,
        name = "velocity",
        description = "Evaluate one model's velocity v(t, x) on an NPY batch.")
final class VelocityCommand implements Callable<Integer> {
    @Option(names = "--model", required = true, description = "a .pt, an .onnx, or manifest.json#name")
    String model;

    @Option(names = "--input", required = true, description = "x as .npy, shape [B, ...]")
    Path input;

    @Option(names = "--t", required = true, description = "time in [0, 1] (0 = noise, 1 = data)")
    double t;

    @Option(names = "--out", required = true, description = "where to write v as .npy")
    Path out;

    @Mixin
    EngineOptions engine;

    @Override
    public Integer call() {
        Checks.time("--t", t);
        List<ModelSpec> specs = ModelRefs.resolve(model);
        if (specs.size() != 1) {
            throw new IllegalArgumentException(
                    "--model must name one model, got " + specs.size() + " (use manifest.json#name)");
        }
        try (NDManager m = NDManager.newBaseManager("PyTorch");
                ModelField f = ModelField.of(ModelLoader.load(specs.get(0), engine.load()))) {
            NDArray x = Npy.readFinite(m, input);
            long start = System.nanoTime();
            NDArray v = f.evaluate(x, t);
            double ms = (System.nanoTime() - start) / 1e6;
            Npy.write(out, v);
            System.out.printf(
                    "%s: v(t=%s) for x %s -> %s in %.1f ms (%s)%n",
                    f.name(), t, x.getShape(), out, ms, f.model().device());
        }
        return 0;
    }
}
