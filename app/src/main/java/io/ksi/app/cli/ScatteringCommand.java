package io.ksi.app.cli;

import static java.nio.charset.StandardCharsets.UTF_8;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import io.ksi.bridge.AtomicFiles;
import io.ksi.bridge.Npy;
import io.ksi.ensemble.scattering.Reduction;
import io.ksi.ensemble.scattering.Scattering1D;
import io.ksi.ensemble.scattering.Scattering2D;
import io.ksi.ensemble.scattering.Wavelet;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.UnaryOperator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
        mixinStandardHelpOptions = true,
        name = "scattering",
        description = "Scattering spectra of every row of an array (series [B, T] or periodic "
                + "fields [B, H, W]), normalized by the row's own power spectrum or by that of --reference. Writes "
                + "the vectors "
                + "as .npy and their labels beside them, in a file named as --out with .labels.txt for .npy.")
final class ScatteringCommand implements Callable<Integer> {
    @Option(
            names = "--input",
            required = true,
            description = ".npy: [B, T] or [T] for --dims 1, [B, H, W] or [H, W] for --dims 2")
    Path input;

    @Option(
            names = "--dims",
            defaultValue = "1",
            description = "1 (time series) or 2 (periodic fields) (default: ${DEFAULT-VALUE})")
    int dims;

    @Option(
            names = "--J",
            defaultValue = "0",
            description = "scales; 0 = default (1D: floor(log2 T) - 3; 2D: log2(min(H, W)) - 1)")
    int scales;

    @Option(names = "--L", defaultValue = "4", description = "2D orientations (default: ${DEFAULT-VALUE})")
    int orientations;

    @Option(
            names = "--wavelet",
            defaultValue = "battle_lemarie",
            description = "1D: battle_lemarie or morlet (default: ${DEFAULT-VALUE})")
    String wavelet;

    @Option(
            names = "--reduction",
            description = "1D: complex (default; reference order, [B, P_c, 2] = Re, Im), full (the "
                    + "real feature vector) or invariant; 2D: iso (default; for_synthesis_iso), full "
                    + "(for_synthesis) or iso-iso")
    String reduction;

    @Option(names = "--full", description = "2D: the full (non-isotropic) vector; same as --reduction full")
    boolean full;

    @Option(names = "--reference", description = ".npy whose power spectrum (batch mean) normalizes every row")
    Path reference;

    @Option(names = "--float64", description = "compute and write float64 (default float32)")
    boolean float64;

    @Option(names = "--out", defaultValue = "phi.npy", description = "output .npy (default: ${DEFAULT-VALUE})")
    Path out;

    @Mixin
    ThreadsOption threads;

    @Override
    public Integer call() {
        threads.apply();
        if (dims != 1 && dims != 2) {
            throw new IllegalArgumentException("--dims must be 1 or 2, got " + dims);
        }
        // options of the other dimension would be ignored without a word: refused instead
        if (dims == 2 && !wavelet.equalsIgnoreCase("battle_lemarie")) {
            throw new IllegalArgumentException(
                    "--wavelet is for --dims 1 (2D uses Morlet-like bump wavelets), got " + wavelet + " with --dims 2");
        }
        if (dims == 1 && orientations != 4) {
            throw new IllegalArgumentException(
                    "--L (orientations) is for --dims 2, got --L " + orientations + " with --dims 1");
        }
        if (dims == 1 && full) {
            throw new IllegalArgumentException("--full is for --dims 2; in 1D use --reduction full");
        }
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            DataType dt = float64 ? DataType.FLOAT64 : DataType.FLOAT32;
            NDArray x = rows(Npy.readFinite(m, input), input).toType(dt, false);
            NDArray ref = reference == null
                    ? null
                    : rows(Npy.readFinite(m, reference), reference).toType(DataType.FLOAT64, false);
            NDArray phi;
            List<String> labels;
            if (dims == 1) {
                // "complex": every coefficient as computed, the reference's order; otherwise a feature reduction
                boolean complex = reduction == null || reduction.strip().equalsIgnoreCase("complex");
                Reduction red = complex ? Reduction.FULL : Reduction.parse(reduction, 1);
                long t = x.getShape().get(1);
                Scattering1D s = new Scattering1D(
                        (int) t,
                        scales > 0 ? scales : Scattering1D.defaultScales((int) t),
                        Wavelet.parse(wavelet),
                        Scattering1D.NU_MAX,
                        red);
                double[] frozen = ref == null ? null : s.powerSpectrum(ref);
                phi = perRow(x, m, row -> {
                    double[] sigma2 = frozen != null ? frozen : s.powerSpectrum(row);
                    return complex ? s.complexCoefficients(row, sigma2) : s.features(row, sigma2);
                });
                labels = complex ? s.complexLabels() : s.featureLabels();
                System.out.printf(
                        "%s%s: %d rows -> %s%n",
                        s,
                        complex ? " (complex, reference order)" : "",
                        x.getShape().get(0),
                        phi.getShape());
            } else {
                Reduction red =
                        full ? Reduction.FULL : reduction == null ? Reduction.ISO : Reduction.parse(reduction, 2);
                long h = x.getShape().get(1);
                long w = x.getShape().get(2);
                Scattering2D s = new Scattering2D(
                        (int) h,
                        (int) w,
                        scales > 0 ? scales : Scattering2D.defaultScales((int) h, (int) w),
                        orientations,
                        red);
                double[] frozen = ref == null ? null : s.powerSpectrum(ref);
                phi = perRow(x, m, row -> s.features(row, frozen != null ? frozen : s.powerSpectrum(row)));
                labels = s.featureLabels();
                System.out.printf("%s: %d fields -> %s%n", s, x.getShape().get(0), phi.getShape());
            }
            Path labelFile = labelsPath(out);
            try (AtomicFiles.Batch files = new AtomicFiles.Batch()) {
                files.stage(out, Npy.content(phi.toType(dt, false)));
                files.stage(labelFile, o -> o.write((String.join("\n", labels) + "\n").getBytes(UTF_8)));
                files.commit();
            }
            System.out.println("wrote " + out + " and " + labelFile);
        }
        return 0;
    }

    /**
     * f of every row [1, ...] of x, concatenated; each row's intermediates live in their own scope (the transforms
     * leave them in their input's manager, for autograd), so memory does not grow with the number of rows.
     */
    private static NDArray perRow(NDArray x, NDManager m, UnaryOperator<NDArray> f) {
        NDList out = new NDList();
        for (long b = 0; b < x.getShape().get(0); b++) {
            try (NDManager rowScope = m.newSubManager()) {
                NDArray row = x.get(b + ":" + (b + 1));
                row.attach(rowScope);
                NDArray v = f.apply(row);
                v.attach(m);
                out.add(v);
            }
        }
        return NDArrays.concat(out, 0);
    }

    static Path labelsPath(Path out) {
        String name = out.getFileName().toString();
        String stem = name.endsWith(".npy") ? name.substring(0, name.length() - 4) : name;
        return out.resolveSibling(stem + ".labels.txt");
    }

    /** [T] -> [1, T] and [H, W] -> [1, H, W]; anything else must already be [B, ...] of the right rank. */
    private NDArray rows(NDArray a, Path file) {
        DataType dt = a.getDataType();
        if (dt != DataType.FLOAT32 && dt != DataType.FLOAT64) {
            throw new IllegalArgumentException(file + ": expected float32 or float64 values, got " + dt);
        }
        int rank = a.getShape().dimension();
        if (rank == dims) {
            a = a.expandDims(0);
        } else if (rank != dims + 1) {
            throw new IllegalArgumentException(
                    file + ": expected " + (dims == 1 ? "[B, T] or [T]" : "[B, H, W] or [H, W]") + " for --dims " + dims
                            + ", got shape " + a.getShape());
        }
        if (a.getShape().get(0) == 0) {
            throw new IllegalArgumentException(file + ": holds no rows (shape " + a.getShape() + ")");
        }
        if (dims == 2
                && Scattering2D.defaultScales(
                                (int) a.getShape().get(1), (int) a.getShape().get(2))
                        < 1) {
            throw new IllegalArgumentException(file + ": --dims 2 reads shape " + a.getShape() + " as fields of "
                    + a.getShape().get(1) + " x " + a.getShape().get(2) + ", too small for one scale (both sides must"
                    + " be at least 4)" + (rank == 2 ? "; for time series use --dims 1" : ""));
        }
        return a;
    }
}
