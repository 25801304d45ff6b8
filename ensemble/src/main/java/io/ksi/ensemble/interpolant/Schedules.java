package io.ksi.ensemble.interpolant;

import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.DoubleUnaryOperator;

/** The paper's schedules, custom ones, and a registry so that saved ensembles can name theirs. */
public final class Schedules {
    private static final Map<String, Schedule> REGISTRY = new ConcurrentHashMap<>();

    public static final Schedule LINEAR = custom("linear", t -> 1 - t, t -> t, t -> -1, t -> 1);
    public static final Schedule TRIGONOMETRIC = custom(
            "trig",
            t -> Math.cos(Math.PI * t / 2),
            t -> Math.sin(Math.PI * t / 2),
            t -> -Math.PI / 2 * Math.sin(Math.PI * t / 2),
            t -> Math.PI / 2 * Math.cos(Math.PI * t / 2));

    static {
        register(LINEAR);
        register(TRIGONOMETRIC);
    }

    private Schedules() {}

    /**
     * A schedule from alpha, beta and their derivatives. Checks the boundary values, that gamma stays positive and that
     * the derivatives match finite differences, so that a typo fails here rather than as a silent bias.
     */
    public static Schedule custom(
            String name,
            DoubleUnaryOperator alpha,
            DoubleUnaryOperator beta,
            DoubleUnaryOperator alphaDot,
            DoubleUnaryOperator betaDot) {
        Schedule s = new Schedule() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public double alpha(double t) {
                return alpha.applyAsDouble(t);
            }

            @Override
            public double beta(double t) {
                return beta.applyAsDouble(t);
            }

            @Override
            public double alphaDot(double t) {
                return alphaDot.applyAsDouble(t);
            }

            @Override
            public double betaDot(double t) {
                return betaDot.applyAsDouble(t);
            }

            @Override
            public String toString() {
                return "Schedule[" + name + "]";
            }
        };
        validate(s);
        return s;
    }

    static void validate(Schedule s) {
        check(
                s,
                Math.abs(s.alpha(0) - 1) < 1e-9
                        && Math.abs(s.beta(1) - 1) < 1e-9
                        && Math.abs(s.alpha(1)) < 1e-9
                        && Math.abs(s.beta(0)) < 1e-9,
                "needs alpha_0 = beta_1 = 1 and alpha_1 = beta_0 = 0");
        double h = 1e-6;
        for (int i = 1; i < 20; i++) {
            double t = i / 20.0;
            double da = (s.alpha(t + h) - s.alpha(t - h)) / (2 * h);
            double db = (s.beta(t + h) - s.beta(t - h)) / (2 * h);
            check(
                    s,
                    Math.abs(da - s.alphaDot(t)) < 1e-5 * Math.max(1, Math.abs(da)),
                    "alphaDot does not match alpha at t=" + t);
            check(
                    s,
                    Math.abs(db - s.betaDot(t)) < 1e-5 * Math.max(1, Math.abs(db)),
                    "betaDot does not match beta at t=" + t);
            check(
                    s,
                    s.gamma(t) > 0,
                    "gamma_t = alpha beta' - alpha' beta must be positive, is " + s.gamma(t) + " at t=" + t);
        }
    }

    private static void check(Schedule s, boolean ok, String what) {
        if (!ok) {
            throw new IllegalArgumentException("schedule '" + s.name() + "': " + what);
        }
    }

    public static void register(Schedule s) {
        REGISTRY.put(s.name().toLowerCase(Locale.ROOT), s);
    }

    /** linear, trig (also: trigonometric), or any registered custom schedule. */
    public static Schedule byName(String name) {
        String key = name.toLowerCase(Locale.ROOT);
        if (key.equals("trigonometric")) {
            key = "trig";
        }
        Schedule s = REGISTRY.get(key);
        if (s == null) {
            throw new IllegalArgumentException("unknown schedule '" + name + "': known are " + REGISTRY.keySet()
                    + " (register custom ones with Schedules.register)");
        }
        return s;
    }
}
