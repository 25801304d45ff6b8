package io.ksi.models.train;

/**
 * The interval [from, to] of interpolant times a model is trained on. A model trained on a window learns the velocity
 * there only; a cohort whose members cover different windows gives the fit's eta(t) members that are each better at
 * their own times — one of the member-diversity levers of docs/demo.md.
 */
public record TimeWindow(double from, double to) {
    /** Every time: [0, 1]. */
    public static final TimeWindow ALL = new TimeWindow(0, 1);

    public TimeWindow {
        if (!(from >= 0 && to <= 1 && from < to)) {
            throw new IllegalArgumentException(
                    "a time window needs 0 <= from < to <= 1; got [" + from + ", " + to + "]");
        }
    }

    /**
     * Member {@code i}'s window of the given width in a cohort: centred on the (i+1)-th point of the base-2 van der
     * Corput sequence (1/2, 1/4, 3/4, 1/8, ...), so that the first P members of any cohort spread over [0, 1], and
     * shifted inside [0, 1] where the centre is closer than half a width to an end.
     */
    public static TimeWindow ofMember(int i, double width) {
        if (i < 0) {
            throw new IllegalArgumentException("member index must be >= 0; got " + i);
        }
        if (!(width > 0 && width <= 1)) {
            throw new IllegalArgumentException("window width must be in (0, 1]; got " + width);
        }
        if (width == 1) {
            return ALL;
        }
        double centre = vanDerCorput(i + 1);
        double from = Math.min(Math.max(centre - width / 2, 0), 1 - width);
        return new TimeWindow(from, from + width);
    }

    /** The time a uniform draw u in [0, 1) maps to. */
    public double at(double u) {
        return from + (to - from) * u;
    }

    public boolean isAll() {
        return from == 0 && to == 1;
    }

    static double vanDerCorput(int n) {
        double v = 0;
        double base = 0.5;
        for (int k = n; k > 0; k >>= 1, base /= 2) {
            if ((k & 1) == 1) {
                v += base;
            }
        }
        return v;
    }
}
