package io.ksi.ensemble;

import java.util.Arrays;
import java.util.Locale;

/**
 * How a fit chooses its ridge lambda = r * trace(K_t)/P (docs/method.md §2): a fixed relative ridge r, or the one of
 * least mean held-out loss among candidates (no model call: the stored systems are re-solved).
 */
public sealed interface RidgeRule {
    /** Relative ridges {@link #auto()} tries. */
    double[] GRID = {1e-6, 1e-4, 1e-3, 1e-2, 3e-2, 1e-1};

    /** A fixed relative ridge. */
    record Fixed(double value) implements RidgeRule {
        public Fixed {
            if (!(value >= 0) || Double.isInfinite(value)) {
                throw new IllegalArgumentException("the relative ridge must be finite and >= 0, got " + value);
            }
        }
    }

    /** The candidate of least mean held-out loss; needs held-out pairs. */
    record Auto(double[] candidates) implements RidgeRule {
        public Auto {
            if (candidates.length == 0) {
                throw new IllegalArgumentException("--ridge auto needs at least one candidate");
            }
            Arrays.stream(candidates).forEach(Fixed::new);
            candidates = candidates.clone();
        }
    }

    static RidgeRule fixed(double value) {
        return new Fixed(value);
    }

    static RidgeRule auto() {
        return new Auto(GRID);
    }

    /** {@code auto} or a number, as {@code ksi fit --ridge} takes it. */
    static RidgeRule parse(String text) {
        if (text.strip().toLowerCase(Locale.ROOT).equals("auto")) {
            return auto();
        }
        double v;
        try {
            v = Double.parseDouble(text.strip());
        } catch (NumberFormatException ex) {
            v = Double.NaN;
        }
        if (!Double.isFinite(v) || v < 0) {
            throw new IllegalArgumentException("--ridge must be a number >= 0 or auto, got '" + text + "'");
        }
        return fixed(v);
    }

    /** The ridge the first solve uses: the fixed value, or the first candidate. */
    default double initial() {
        return this instanceof Fixed f ? f.value() : ((Auto) this).candidates()[0];
    }
}
