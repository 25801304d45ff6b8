package io.ksi.bridge.convention;

import java.util.Locale;

/**
 * What a network trained on x_m = a x1 + sigma eps predicts, and how eps and x1 are read from it; every reading is
 * linear in (x_m, out), so one table of four coefficients per level covers them all (docs/method.md §6).
 */
public enum Prediction {
    /** eps (DDPM/DDIM "epsilon", score-SDE noise models). */
    EPSILON,
    /** x1 itself (diffusers "sample", often called x0 there: the data). */
    SAMPLE,
    /** v = a eps - sigma x1 (diffusers "v_prediction"). */
    V,
    /** eps - x1, the flow-matching velocity of x = (1 - sigma) x1 + sigma eps. */
    FLOW,
    /** the score of p(x_m), -eps / sigma. */
    SCORE;

    public static Prediction parse(String text, String where) {
        return switch (text.toLowerCase(Locale.ROOT).replace('-', '_')) {
            case "epsilon", "eps", "noise" -> EPSILON;
            case "sample", "data", "x0" -> SAMPLE;
            case "v_prediction", "v" -> V;
            case "flow", "velocity" -> FLOW;
            case "score" -> SCORE;
            default ->
                throw new IllegalArgumentException(where + ": unknown prediction '" + text
                        + "'; expected epsilon, sample, v_prediction, flow or score");
        };
    }

    /** The level with this prediction's readout. */
    Convention.Level level(double a, double sigma, double timestep) {
        return switch (this) {
            case EPSILON -> new Convention.Level(a, sigma, timestep, 1, 0, 1, 1 / a, -sigma / a);
            case SAMPLE -> new Convention.Level(a, sigma, timestep, 1, 1 / sigma, -a / sigma, 0, 1);
            case V -> {
                double n = a * a + sigma * sigma;
                yield new Convention.Level(a, sigma, timestep, 1, sigma / n, a / n, a / n, -sigma / n);
            }
            case FLOW -> {
                double n = a + sigma;
                yield new Convention.Level(a, sigma, timestep, 1, 1 / n, a / n, 1 / n, -sigma / n);
            }
            case SCORE -> new Convention.Level(a, sigma, timestep, 1, 0, -sigma, 1 / a, sigma * sigma / a);
        };
    }

    String id() {
        return this == V ? "v_prediction" : name().toLowerCase(Locale.ROOT);
    }
}
