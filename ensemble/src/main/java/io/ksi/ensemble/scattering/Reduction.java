package io.ksi.ensemble.scattering;

import java.util.Arrays;
import java.util.Locale;

/**
 * How the complex scattering coefficients are reduced to the real feature vector; one enum for series and fields, each
 * constant saying which it applies to. The lower-case name is what ensemble files store.
 */
public enum Reduction {
    /**
     * Every coefficient. Series: Re, and Im of the genuinely complex ones (scattering-spec.md §1.7–1.8). Fields: the
     * for_synthesis vector, every orientation, Re and Im of S3 and S4 (§3.5).
     */
    FULL(true, true),
    /** Series only: the scale-invariant reduction (§1.9). */
    INVARIANT(true, false),
    /** Fields only: for_synthesis_iso, averaged over a global rotation, Re only (§3.5; the reference output). */
    ISO(false, true),
    /** Fields only: the fully isotropic set, S3 and S4 averaged over all orientations (§3.6, last row). */
    ISO_ISO(false, true);

    private final boolean series;
    private final boolean fields;

    Reduction(boolean series, boolean fields) {
        this.series = series;
        this.fields = fields;
    }

    /** Whether this reduction exists for 1D series ({@code dims = 1}) or 2D fields ({@code dims = 2}). */
    public boolean appliesTo(int dims) {
        return dims == 1 ? series : dims == 2 && fields;
    }

    /** The name in files and on the command line. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Parses "full", "invariant", "iso", "iso_iso" or "iso-iso" (any case), checking that it applies to {@code dims}.
     */
    public static Reduction parse(String text, int dims) {
        String key = text.trim().toUpperCase(Locale.ROOT).replace('-', '_');
        for (Reduction r : values()) {
            if (r.name().equals(key)) {
                return r.checkedFor(dims);
            }
        }
        throw new IllegalArgumentException("unknown reduction '" + text + "'; expected one of " + ids(dims));
    }

    /** This reduction, or an error naming the ones that apply to {@code dims}. */
    public Reduction checkedFor(int dims) {
        if (!appliesTo(dims)) {
            throw new IllegalArgumentException("reduction " + id() + " does not apply to "
                    + (dims == 1 ? "series" : "2D fields") + "; expected one of " + ids(dims));
        }
        return this;
    }

    private static String ids(int dims) {
        return String.join(
                ", ",
                Arrays.stream(values())
                        .filter(r -> r.appliesTo(dims))
                        .map(Reduction::id)
                        .toList());
    }
}
