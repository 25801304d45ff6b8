package io.ksi.app.cli;

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
}
