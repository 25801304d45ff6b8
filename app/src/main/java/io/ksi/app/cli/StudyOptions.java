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

    @Option(names = "--quick", description = "small fit (about a minute); CI runs this")
    boolean quick;

    @Option(names = "--pairs", description = "noise draws paired with the observation per fit time")
    Integer pairs;

    @Option(names = "--heldout", description = "held-out pairs, to choose the ridge; 0 to use --ridge")
    Integer heldOut;

    @Option(names = "--fit-steps", description = "intervals of the fitting time grid")
    Integer fitSteps;

    @Option(names = "--steps", description = "sampler steps")
    Integer steps;

    @Option(
            names = {"-n", "--count"},
            description = "how many to generate")
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
