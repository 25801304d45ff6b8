package io.ksi.app.cli;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import io.ksi.app.image.ImageReport;
import io.ksi.app.image.ImageStudy;
import io.ksi.bridge.Npy;
import io.ksi.bridge.Progress;
import io.ksi.ensemble.scattering.Reduction;
import io.ksi.models.data.NavierStokes2D;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
        mixinStandardHelpOptions = true,
        name = "field",
        description = "New periodic 2D fields from ONE snapshot: a 2D Navier-Stokes vorticity field "
                + "made from the seed (or --input), 2D scattering-spectra features, optimal-diffusion sampling. "
                + "Writes panels of "
                + "originals vs samples, power spectra and pixel histograms.")
final class FieldCommand implements Callable<Integer> {
    @Option(
            names = "--input",
            description = ".npy [H, W] (square, power of two) to learn from instead of the simulated flow")
    Path input;

    @Option(
            names = "--size",
            defaultValue = "64",
            description = "grid of the simulated flow (default: ${DEFAULT-VALUE})")
    int size;

    @Option(names = "--J", defaultValue = "0", description = "scales; 0 = log2(size) - 2 (default: ${DEFAULT-VALUE})")
    int scales;

    @Option(names = "--L", defaultValue = "4", description = "orientations (default: ${DEFAULT-VALUE})")
    int orientations;

    @Option(
            names = "--reduction",
            description =
                    "iso-iso (default: 1 + 2J + J(J+1)/2 + J(J+1)(J+2)/6 features), iso (for_synthesis_iso, L^2 times "
                            + "more S4 terms, about 10x slower) or full")
    String reduction;

    @Option(
            names = "--identity",
            negatable = true,
            description = "also use the field x itself as a feature (default: off)")
    Boolean identity;

    @Option(
            names = "--bands",
            negatable = true,
            description =
                    "also use one band-pass field per shell of |k| (gradients of the shell powers): an independent "
                            + "linear gain per shell, a second feature family in the same system (default: on; "
                            + "--no-bands for "
                            + "scattering alone)")
    Boolean bands;

    @Option(names = "--out", defaultValue = "out/field", description = "output folder (default: ${DEFAULT-VALUE})")
    Path out;

    @Mixin
    StudyOptions study;

    @Mixin
    ThreadsOption threads;

    @Override
    public Integer call() {
        threads.apply();
        ImageStudy.Settings d = study.quick ? ImageStudy.Settings.quick() : ImageStudy.Settings.defaults();
        Reduction red = reduction == null ? d.reduction() : Reduction.parse(reduction, 2);
        ImageStudy.Settings s = new ImageStudy.Settings(
                scales,
                orientations,
                red,
                StudyOptions.or(study.pairs, d.pairs()),
                study.heldOut(d.heldOutPairs()),
                StudyOptions.or(study.fitSteps, d.fitSteps()),
                StudyOptions.or(study.steps, d.steps()),
                StudyOptions.or(study.count, d.samples()),
                study.ridgeValue(),
                study.seed,
                identity != null ? identity : d.identity(),
                bands != null ? bands : d.bands());
        float[] observed;
        float[][] more;
        int n;
        if (input != null) {
            try (NDManager m = NDManager.newBaseManager("PyTorch")) {
                NDArray a = Npy.readFinite(m, input);
                if (a.getShape().dimension() != 2
                        || a.getShape().get(0) != a.getShape().get(1)) {
                    throw new IllegalArgumentException(
                            input + ": expected one square field [H, W], got " + a.getShape());
                }
                n = (int) a.getShape().get(0);
                observed = a.toType(DataType.FLOAT32, false).toFloatArray();
            }
            more = new float[0][];
        } else {
            n = size;
            NavierStokes2D.Params p = NavierStokes2D.Params.defaults(n);
            int snaps = 4;
            int total = NavierStokes2D.steps(p, snaps, 40, 10);
            System.out.printf("simulating 2D Navier-Stokes on %dx%d (%d steps, seed %d)...%n", n, n, total, study.seed);
            float[][] flow = NavierStokes2D.snapshots(p, snaps, 40, 10, study.seed, null);
            observed = flow[0];
            more = new float[snaps - 1][];
            System.arraycopy(flow, 1, more, 0, snaps - 1);
        }
        ImageStudy.Result r = ImageStudy.run(observed, n, s, study.quiet ? Progress.NONE : ConsoleProgress.create());
        ImageReport.write(r, more, out);
        System.out.print(ImageReport.summary(r));
        System.out.printf(
                "report: %s (fields.png, spectrum.png, histogram.png, results.json); fit %.0f s, sampling %.0f s%n",
                out.resolve("report.md"), r.fitSeconds(), r.sampleSeconds());
        return 0;
    }
}
