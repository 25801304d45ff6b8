package io.ksi.app.cli;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import java.util.Arrays;
import java.util.Locale;

/**
 * Checks of command-line input at the edge, before anything reaches a model: each error names the option or file and
 * what was expected, so that bad input is never reported as a model failure.
 */
final class Checks {
    private Checks() {}

    static int atLeast(String option, int value, int min) {
        if (value < min) {
            throw new IllegalArgumentException(option + " must be at least " + min + ", got " + value);
        }
        return value;
    }

    /** A time of the interpolant: finite and in [0, 1] (0 = noise, 1 = data). */
    static double time(String option, double t) {
        if (!(t >= 0 && t <= 1)) {
            throw new IllegalArgumentException(option + " must be a time in [0, 1] (0 = noise, 1 = data), got " + t);
        }
        return t;
    }

    /** A number in an option that also takes words (such as --ridge auto). */
    static double number(String option, String text, String alternatives) {
        try {
            double v = Double.parseDouble(text.trim());
            if (!Double.isFinite(v) || v < 0) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " must be a number >= 0"
                    + (alternatives.isEmpty() ? "" : " or " + alternatives) + ", got '" + text + "'");
        }
    }

    /** Refuses NaN and infinities in an input array, with their count and the index of the first. */
    static NDArray finite(NDArray x, String what) {
        if (!x.getDataType().isFloating()) {
            return x;
        }
        float[] v = x.toType(DataType.FLOAT32, false).toFloatArray();
        int count = 0;
        int first = -1;
        for (int i = 0; i < v.length; i++) {
            if (!Float.isFinite(v[i])) {
                count++;
                if (first < 0) {
                    first = i;
                }
            }
        }
        if (count > 0) {
            throw new IllegalArgumentException(String.format(
                    Locale.ROOT,
                    "%s: %d of %d values are not finite (NaN or infinite), the first %s at index %s; expected finite "
                            + "numbers",
                    what,
                    count,
                    v.length,
                    v[first],
                    Arrays.toString(unravel(first, x.getShape().getShape()))));
        }
        return x;
    }

    static long[] unravel(long flat, long[] shape) {
        long[] idx = new long[shape.length];
        for (int d = shape.length - 1; d >= 0; d--) {
            idx[d] = shape[d] == 0 ? 0 : flat % shape[d];
            flat = shape[d] == 0 ? flat : flat / shape[d];
        }
        return idx;
    }
}
