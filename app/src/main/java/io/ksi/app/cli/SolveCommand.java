package io.ksi.app.cli;

import io.ksi.app.plot.Plots;
import io.ksi.bridge.AtomicFiles;
import io.ksi.ensemble.CombinationRule;
import io.ksi.ensemble.EnsembleFile;
import io.ksi.ensemble.KernelEnsemble;
import io.ksi.ensemble.feature.FeatureField;
import io.ksi.ensemble.feature.ModelField;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
        mixinStandardHelpOptions = true,
        name = "solve",
        description =
                "Re-solve a fitted ensemble's weights under another rule, from its stored systems (no model call):"
                        + " kernel, uniform (average the members), route (the members trained for each time),"
                        + " best (the one best member per time), sum-to-one, or top:K (K members per time, a sparse"
                        + " ensemble).")
final class SolveCommand implements Callable<Integer> {
    @Option(names = "--ensemble", required = true, description = "ensemble file written by ksi fit, with its systems")
    Path ensemble;

    @Option(names = "--rule", required = true, description = "kernel, uniform, route, best, sum-to-one or top:K")
    String rule;

    @Option(names = "--out", required = true, description = "the re-solved ensemble file")
    Path out;

    @Mixin
    EngineOptions engine;

    @Override
    public Integer call() {
        CombinationRule chosen = CombinationRule.parse(rule);
        try (KernelEnsemble fitted = EnsembleFile.read(ensemble, engine.load());
                KernelEnsemble e = fitted.withRule(chosen)) {
            Path etaPng = Plots.beside(out, ".eta.png");
            try (AtomicFiles.Batch files = new AtomicFiles.Batch()) {
                files.stage(out, AtomicFiles.text(EnsembleFile.json(out, e, true)));
                files.stage(etaPng, Plots.png(Plots.eta(e)));
                files.commit();
            }
            int times = e.eta().times().length;
            double calls = IntStream.range(0, times)
                    .mapToDouble(k -> IntStream.of(e.active(k))
                            .filter(i -> isModel(e.fields().get(i)))
                            .count())
                    .average()
                    .orElse(0);
            System.out.printf(
                    Locale.ROOT,
                    "%s: P=%d, rule %s: mean held-out loss %s (%s under %s), %.1f model calls per step on the fitting"
                            + " grid%n",
                    out,
                    e.fields().size(),
                    chosen.id(),
                    fmt(e.meanHeldOutLoss()),
                    fmt(fitted.meanHeldOutLoss()),
                    fitted.record().rule().id(),
                    calls);
            System.out.println("wrote " + out + ", " + etaPng);
        }
        return 0;
    }

    private static boolean isModel(FeatureField f) {
        return f instanceof ModelField;
    }

    private static String fmt(double loss) {
        return Double.isNaN(loss) ? "-" : String.format(Locale.ROOT, "%.4g", loss);
    }
}
