package io.ksi.app.image;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.ksi.app.study.SingleRealization;
import io.ksi.bridge.Progress;
import io.ksi.data.Dataset;
import io.ksi.ensemble.KernelEnsemble;
import io.ksi.ensemble.feature.BandField;
import io.ksi.ensemble.feature.FeatureField;
import io.ksi.ensemble.feature.IdentityField;
import io.ksi.ensemble.interpolant.Grids;
import io.ksi.ensemble.interpolant.Schedule;
import io.ksi.ensemble.interpolant.Schedules;
import io.ksi.ensemble.scattering.Reduction;
import io.ksi.ensemble.scattering.Scattering2D;
import io.ksi.ensemble.scattering.ScatteringSpectra2D;
import java.util.ArrayList;
import java.util.List;

/**
 * New periodic 2D images from ONE observed snapshot (a vorticity field by default): 2D scattering spectra with the
 * power spectrum frozen on the snapshot (beside one band field per wavenumber shell by default), eta(t) fitted on pairs
 * (noise, snapshot) with the linear schedule at the drift times of a log-SNR grid, samples by optimal diffusion on that
 * grid.
 */
public final class ImageStudy {
    /**
     * @param scales J; 0 for log2(size) - 2 (one less than the maximum: the largest wavelet of the maximum spans the
     *     box)
     */
    /**
     * @param identity also use the field x itself (gradient of |x|^2 / 2). Off by default: with the band fields it only
     *     adds the mean; without them it is the one global gain the Morlet bands shape (docs/scattering.md)
     * @param bands also use one band-pass field per wavenumber shell ({@link BandField#shells}): an independent linear
     *     gain per shell, which brings every octave of the power spectrum within 20% (docs/scattering.md)
     */
    public record Settings(
            int scales,
            int orientations,
            Reduction reduction,
            int pairs,
            int heldOutPairs,
            int fitSteps,
            int steps,
            int samples,
            double ridge,
            long seed,
            boolean identity,
            boolean bands)
            implements SingleRealization.Sizes {
        public static Settings defaults() {
            return new Settings(0, 4, Reduction.ISO_ISO, 16, 8, 16, 200, 16, -1, 0, false, true);
        }

        public static Settings quick() {
            return new Settings(0, 4, Reduction.ISO_ISO, 8, 4, 8, 60, 4, -1, 0, false, true);
        }
    }

    public record Result(
            float[] observed,
            float[][] generated,
            int size,
            ScatteringSpectra2D map,
            KernelEnsemble ensemble,
            Settings settings,
            double fitSeconds,
            double sampleSeconds) {}

    /**
     * ln SNR = ln(beta^2 / alpha^2) spanned by the time grids: a standardized 64x64 field holds Fourier modes of
     * variance from about e^8 (the forced scales) down to e^-12 (the dissipation range), and a mode's drift changes
     * where SNR = 1 / variance.
     */
    public static final double LOG_SNR_MIN = -8;

    public static final double LOG_SNR_MAX = 12;

    private ImageStudy() {}

    /** The sampling grid of {@code steps} steps; a fit uses its drift times ({@link Grids#driftTimes}). */
    public static double[] grid(int steps) {
        return Grids.logSnr(steps, Schedules.LINEAR, LOG_SNR_MIN, LOG_SNR_MAX);
    }

    public static Result run(float[] observed, int size, Settings s, Progress progress) {
        if (observed.length != size * size) {
            throw new IllegalArgumentException(
                    "the observed field has " + observed.length + " values, expected " + size + "x" + size);
        }
        int scales = s.scales() > 0 ? s.scales() : Math.max(1, Scattering2D.defaultScales(size, size) - 1);
        Scattering2D transform = new Scattering2D(size, size, scales, s.orientations(), s.reduction());
        Schedule schedule = Schedules.LINEAR;
        Dataset one = new Dataset(observed, new Shape(size, size));
        ScatteringSpectra2D map;
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            map = ScatteringSpectra2D.frozenOn(m.create(observed, new Shape(1, size, size)), transform, false);
        }
        List<FeatureField> fields = new ArrayList<>(map.fields());
        if (s.identity()) {
            fields.add(new IdentityField());
        }
        if (s.bands()) {
            fields.addAll(BandField.shells(size, size));
        }
        SingleRealization.Run run = SingleRealization.fitAndSample(
                one,
                fields,
                schedule,
                Grids.driftTimes(grid(s.fitSteps())),
                grid(s.steps()),
                s.samples(),
                new SingleRealization.Fit(s.pairs(), s.heldOutPairs(), s.ridge(), s.seed(), 4),
                progress);
        float[][] gen = new float[s.samples()][];
        for (int k = 0; k < s.samples(); k++) {
            gen[k] = new float[size * size];
            System.arraycopy(run.samples(), k * size * size, gen[k], 0, size * size);
        }
        return new Result(observed, gen, size, map, run.ensemble(), s, run.fitSeconds(), run.sampleSeconds());
    }
}
