package io.ksi.ensemble;

import java.util.Locale;

/**
 * How an ensemble's weights eta(t) are made from its stored systems: the kernel solve (the method), or what
 * practitioners do instead (average the checkpoints, route each time to the members trained for it, keep the best one
 * per time, a sum-to-one combination), or a sparse kernel solve on K members per time. Every rule but the kernel's is
 * one re-solve of a fitted ensemble away ({@link KernelEnsemble#withRule}), with no model call.
 */
public sealed interface CombinationRule {
    CombinationRule KERNEL = new Kernel();

    /** The kernel solve K_t eta = h_t with the fit's ridge (docs/method.md §2). */
    record Kernel() implements CombinationRule {}

    /** eta_i = 1/P: averaging the members' outputs. */
    record Uniform() implements CombinationRule {}

    /**
     * At each time, the members trained for it averaged: those whose manifest tags timeFrom..timeTo hold t (the nearest
     * window where none does); for members without tags, the quarter of members of least held-out loss as trained at
     * that time.
     */
    record Route() implements CombinationRule {}

    /** The one member of least held-out loss at each time, as trained (weight 1). */
    record Best() implements CombinationRule {}

    /** The least-squares weights constrained to sum to one. */
    record SumToOne() implements CombinationRule {}

    /**
     * The kernel solve where it lowers the held-out loss by more than the share {@code margin} of the best member's (as
     * trained), that member alone elsewhere: never far below the best member, combining where the others help.
     */
    record Safe(double margin) implements CombinationRule {
        public Safe {
            if (!(margin >= 0 && margin < 1)) {
                throw new IllegalArgumentException("safe:M needs a margin M in [0, 1), got " + margin);
            }
        }
    }

    /** K members per time chosen on held-out loss and re-solved on those (a sparse ensemble). */
    record Top(int k) implements CombinationRule {
        public Top {
            if (k < 1) {
                throw new IllegalArgumentException("top:K needs K >= 1, got " + k);
            }
        }
    }

    /** The name in files and on the command line: kernel, uniform, route, best, sum-to-one, top:K. */
    default String id() {
        if (this instanceof Top t) {
            return "top:" + t.k();
        }
        if (this instanceof Safe s) {
            return "safe:" + s.margin();
        }
        if (this instanceof Uniform) {
            return "uniform";
        }
        if (this instanceof Route) {
            return "route";
        }
        if (this instanceof Best) {
            return "best";
        }
        return this instanceof SumToOne ? "sum-to-one" : "kernel";
    }

    /**
     * Whether only some members carry weight at each time: the weights are then held piecewise constant between grid
     * times, so a sampling step calls the members active at its nearest grid time only.
     */
    default boolean sparse() {
        return this instanceof Top || this instanceof Best || this instanceof Route;
    }

    static CombinationRule parse(String text) {
        String r = text.strip().toLowerCase(Locale.ROOT);
        if (r.equals("safe")) {
            return new Safe(0.1);
        }
        if (r.startsWith("safe:")) {
            try {
                return new Safe(Double.parseDouble(r.substring(5)));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("rule '" + text + "': safe:M needs a margin M in [0, 1)");
            }
        }
        if (r.startsWith("top:")) {
            try {
                return new Top(Integer.parseInt(r.substring(4)));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("rule '" + text + "': top:K needs a whole number K >= 1");
            }
        }
        return switch (r) {
            case "kernel" -> KERNEL;
            case "uniform" -> new Uniform();
            case "route" -> new Route();
            case "best" -> new Best();
            case "sum-to-one", "sum1" -> new SumToOne();
            default ->
                throw new IllegalArgumentException("unknown rule '" + text
                        + "': expected kernel, uniform, route, best, sum-to-one, top:K or safe[:M]");
        };
    }
}
