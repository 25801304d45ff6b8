package io.ksi.bridge.convention;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.util.Locale;

/**
 * diffusers DDPM/DDIM: N training steps, betas from a named schedule (or given), alphabar_i = prod_{j<=i} (1 - beta_j),
 * a = sqrt(alphabar), sigma = sqrt(1 - alphabar). The network takes the (fractional) step index: the index whose SNR
 * alphabar / (1 - alphabar) is the requested one, log alphabar interpolated linearly between integer steps.
 */
public final class DiscreteVp implements Convention {
    private final int steps;
    private final String betaSchedule;
    private final double betaStart;
    private final double betaEnd;
    private final double[] trainedBetas;
    private final Prediction prediction;
    private final boolean integer;
    private final boolean zeroTerminalSnr;
    private final double[] logAlphaBar;

    public DiscreteVp(
            int steps,
            String betaSchedule,
            double betaStart,
            double betaEnd,
            double[] trainedBetas,
            Prediction prediction,
            boolean integer) {
        this(steps, betaSchedule, betaStart, betaEnd, trainedBetas, prediction, integer, false);
    }

    /**
     * @param zeroTerminalSnr diffusers' rescale_betas_zero_snr (Lin et al. 2024): sqrt(alphabar) shifted and scaled so
     *     that it keeps its first value and reaches 0 at the last step, where the SNR is then 0
     */
    public DiscreteVp(
            int steps,
            String betaSchedule,
            double betaStart,
            double betaEnd,
            double[] trainedBetas,
            Prediction prediction,
            boolean integer,
            boolean zeroTerminalSnr) {
        if (steps < 2) {
            throw new IllegalArgumentException("num_train_timesteps must be at least 2, got " + steps);
        }
        this.steps = steps;
        this.betaSchedule = betaSchedule;
        this.betaStart = betaStart;
        this.betaEnd = betaEnd;
        this.trainedBetas = trainedBetas == null ? null : trainedBetas.clone();
        this.prediction = prediction;
        this.integer = integer;
        this.zeroTerminalSnr = zeroTerminalSnr;
        double[] betas = trainedBetas != null ? trainedBetas.clone() : betas(steps, betaSchedule, betaStart, betaEnd);
        if (betas.length != steps) {
            throw new IllegalArgumentException(
                    "trained_betas has " + betas.length + " values for num_train_timesteps " + steps);
        }
        logAlphaBar = new double[steps];
        double acc = 0;
        for (int i = 0; i < steps; i++) {
            if (!(betas[i] > 0 && betas[i] < 1)) {
                throw new IllegalArgumentException("beta_" + i + " = " + betas[i] + " is not in (0, 1)");
            }
            acc += Math.log1p(-betas[i]);
            logAlphaBar[i] = acc;
        }
        if (zeroTerminalSnr) {
            rescaleToZeroTerminalSnr(logAlphaBar);
        }
    }

    /**
     * sqrt(alphabar) -> (sqrt(alphabar) - last) * first / (first - last), in place on log alphabar: -inf at the end.
     */
    private static void rescaleToZeroTerminalSnr(double[] logAlphaBar) {
        int n = logAlphaBar.length;
        double first = Math.exp(logAlphaBar[0] / 2);
        double last = Math.exp(logAlphaBar[n - 1] / 2);
        for (int i = 0; i < n; i++) {
            double root = (Math.exp(logAlphaBar[i] / 2) - last) * first / (first - last);
            logAlphaBar[i] = i == n - 1 ? Double.NEGATIVE_INFINITY : 2 * Math.log(root);
        }
    }

    /** The betas of diffusers' named schedules. */
    static double[] betas(int n, String schedule, double start, double end) {
        double[] b = new double[n];
        switch (schedule.toLowerCase(Locale.ROOT)) {
            case "linear" -> {
                for (int i = 0; i < n; i++) {
                    b[i] = start + (end - start) * i / (n - 1);
                }
            }
            case "scaled_linear" -> {
                double s = Math.sqrt(start);
                double e = Math.sqrt(end);
                for (int i = 0; i < n; i++) {
                    double r = s + (e - s) * i / (n - 1);
                    b[i] = r * r;
                }
            }
            case "squaredcos_cap_v2" -> {
                // betas_for_alpha_bar with the cosine alpha_bar of Nichol & Dhariwal, each beta capped at 0.999
                for (int i = 0; i < n; i++) {
                    b[i] = Math.min(1 - cosineAlphaBar((i + 1.0) / n) / cosineAlphaBar((double) i / n), 0.999);
                }
            }
            default ->
                throw new IllegalArgumentException("unknown beta_schedule '" + schedule
                        + "'; expected linear, scaled_linear or squaredcos_cap_v2 (or give trained_betas)");
        }
        return b;
    }

    private static double cosineAlphaBar(double t) {
        double c = Math.cos((t + 0.008) / 1.008 * Math.PI / 2);
        return c * c;
    }

    @Override
    public String kind() {
        return "ddpm";
    }

    @Override
    public boolean integerTimestep() {
        return integer;
    }

    private double snrAt(int i) {
        double ab = Math.exp(logAlphaBar[i]);
        return ab / (1 - ab);
    }

    @Override
    public double[] snrRange() {
        return new double[] {snrAt(steps - 1), snrAt(0)};
    }

    @Override
    public Level level(double snr) {
        double tau;
        double lab;
        if (snr >= snrAt(0)) {
            tau = 0;
            lab = logAlphaBar[0];
        } else if (snr <= snrAt(steps - 1)) {
            tau = steps - 1;
            lab = logAlphaBar[steps - 1];
        } else {
            // SNR falls with the step: bisect for i with SNR_i >= snr > SNR_{i+1}
            int lo = 0;
            int hi = steps - 1;
            while (hi - lo > 1) {
                int mid = (lo + hi) >>> 1;
                if (snrAt(mid) >= snr) {
                    lo = mid;
                } else {
                    hi = mid;
                }
            }
            lab = Math.log(snr / (1 + snr));
            tau = hi == steps - 1 && zeroTerminalSnr
                    // log alphabar is -inf at a zero terminal SNR: the last interval is linear in alphabar itself
                    ? lo + 1 - Math.exp(lab - logAlphaBar[lo])
                    : lo + (lab - logAlphaBar[lo]) / (logAlphaBar[hi] - logAlphaBar[lo]);
        }
        if (integer) {
            int k = (int) Math.round(tau);
            tau = k;
            lab = logAlphaBar[k];
        }
        double ab = Math.exp(lab);
        return prediction.level(Math.sqrt(ab), Math.sqrt(-Math.expm1(lab)), tau);
    }

    @Override
    public JsonObject describe() {
        JsonObject o = new JsonObject();
        o.addProperty("kind", kind());
        o.addProperty("numTrainTimesteps", steps);
        if (trainedBetas != null) {
            JsonArray a = new JsonArray();
            for (double b : trainedBetas) {
                a.add(b);
            }
            o.add("trainedBetas", a);
        } else {
            o.addProperty("betaSchedule", betaSchedule);
            o.addProperty("betaStart", betaStart);
            o.addProperty("betaEnd", betaEnd);
        }
        o.addProperty("prediction", prediction.id());
        if (zeroTerminalSnr) {
            o.addProperty("rescaleBetasZeroSnr", true);
        }
        if (integer) {
            o.addProperty("timestep", "int64");
        }
        return o;
    }

    @Override
    public String toString() {
        return "ddpm[" + steps + " steps, " + (trainedBetas != null ? "trained betas" : betaSchedule)
                + (zeroTerminalSnr ? " rescaled to zero terminal SNR" : "") + ", " + prediction.id() + "]";
    }
}
