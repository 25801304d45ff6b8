package io.ksi.ensemble.scattering;

import java.util.Locale;

/** The 1D mother wavelets of docs/scattering-spec.md §1.3–1.4. */
public enum Wavelet {
    /** The reference default of Morel et al. */
    BATTLE_LEMARIE,
    /** Gaussian band-pass with zero mean; the kymatio construction. */
    MORLET;

    public static Wavelet parse(String s) {
        String k = s.trim().toLowerCase(Locale.ROOT).replace('-', '_');
        return switch (k) {
            case "battle_lemarie", "bl" -> BATTLE_LEMARIE;
            case "morlet" -> MORLET;
            default ->
                throw new IllegalArgumentException("unknown wavelet '" + s + "' (expected battle_lemarie or morlet)");
        };
    }

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
