package io.ksi.app.cli;

import picocli.CommandLine.Option;

/** Options of a single-realization study (ksi series, ksi field); unset sizes take the study's defaults. */
final class StudyOptions {
    @Option(
            names = "--seed",
            defaultValue = "0",
            description = "everything random: data made here, pairs, samples (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(
            names = {"-q", "--quiet"},
            description = "no progress bars")
    boolean quiet;

    @Option(
            names = "--quick",
            description = "small fit: series about 35 s, field about 50 s with its Navier-Stokes snapshot (13 s) on"
                    + " 2 cores; CI runs this")
    boolean quick;

    @Option(
            names = "--pairs",
            description = "noise draws paired with the observation per fit time (default: series 16, field 16;"
                    + " --quick: 4, 8)")
    Integer pairs;

    @Option(
            names = "--heldout",
            description = "held-out pairs, to choose the ridge; 0 to use --ridge (default: series 8, field 8;"
                    + " --quick: 2, 4)")
    Integer heldOut;

    @Option(
            names = "--fit-steps",
            description = "intervals of the fitting time grid (default: series 10, field 16; --quick: 4, 8)")
    Integer fitSteps;

    @Option(names = "--steps", description = "sampler steps (default: series 100, field 200; --quick: 40, 60)")
    Integer steps;

    @Option(
            names = {"-n", "--count"},
            description = "how many to generate (default: series 8, field 16; --quick: 4, 4)")
    Integer count;

    @Option(
            names = "--ridge",
            defaultValue = "auto",
            description = "relative ridge, or auto (least held-out loss) (default: ${DEFAULT-VALUE})")
    String ridge;

    boolean autoRidge() {
        return ridge.equalsIgnoreCase("auto");
    }

    /** The relative ridge, or -1 for auto. */
    double ridgeValue() {
        return autoRidge() ? -1 : Double.parseDouble(ridge);
    }

    int heldOut(int fallback) {
        int h = heldOut != null ? heldOut : autoRidge() ? fallback : 0;
        if (autoRidge() && h == 0) {
            throw new IllegalArgumentException("--ridge auto needs held-out pairs (--heldout > 0)");
        }
        return h;
    }

    static int or(Integer v, int fallback) {
        return v != null ? v : fallback;
    }
}
