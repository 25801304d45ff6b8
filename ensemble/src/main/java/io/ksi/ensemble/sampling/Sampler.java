package io.ksi.ensemble.sampling;

import ai.djl.ndarray.NDArray;
import io.ksi.bridge.Progress;
import io.ksi.ensemble.interpolant.Schedule;
import java.util.Locale;

/** Integrates a drift from t = grid[0] to grid[K] = 1 for one batch, in per-step memory scopes. */
public interface Sampler {
    String name();

    /**
     * @param x X at grid[0], [B, ...]; not modified
     * @param noise draws for the stochastic samplers
     * @param task stepped once per time step
     * @return X at grid[K], attached to x's manager
     */
    NDArray integrate(Drift drift, Schedule s, double[] grid, NDArray x, NoiseSource noise, Progress.Task task);

    /**
     * optimal (the default), ode / euler, heun, em (constant D = 1), em:D, superdiff (SuperDiff's OR rule over an
     * ensemble's members, T = 1e-6), superdiff:T.
     */
    static Sampler byName(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        if (n.equals("superdiff") || n.startsWith("superdiff:")) {
            return new SuperDiffSampler(n.equals("superdiff") ? 1e-6 : diffusion(name, n.substring(10)));
        }
        if (n.equals("em") || n.startsWith("em:")) {
            return new EulerMaruyamaSampler(n.equals("em") ? 1.0 : diffusion(name, n.substring(3)));
        }
        return switch (n) {
            case "optimal" -> new OptimalDiffusionSampler();
            case "ode", "euler" -> new OdeSampler(false);
            case "heun" -> new OdeSampler(true);
            default ->
                throw new IllegalArgumentException("unknown sampler '" + name
                        + "': expected optimal, ode (euler), heun, em, em:D, superdiff or" + " superdiff:T");
        };
    }

    private static double diffusion(String name, String d) {
        try {
            double v = Double.parseDouble(d);
            if (v >= 0 && Double.isFinite(v)) {
                return v;
            }
        } catch (NumberFormatException e) {
            // named below, with what was expected
        }
        throw new IllegalArgumentException("sampler '" + name + "': "
                + (name.toLowerCase(Locale.ROOT).startsWith("superdiff")
                        ? "superdiff:T needs a temperature T, a finite number > 0"
                        : "em:D needs a constant diffusion D, a finite number >= 0")
                + ", got '" + d + "'");
    }
}
