package io.ksi.bridge.convention;

import com.google.gson.JsonObject;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The continuous conventions, each a closed-form inverse of its schedule from SNR to the network's noise level: flow
 * matching (diffusers FlowMatchEulerDiscreteScheduler), EDM (Karras et al.) as a denoiser or with its preconditioning,
 * and the score-SDE VP and VE processes (Song et al.).
 */
public final class Continuous implements Convention {
    /** The formulas of one kind: level(snr) and the SNR range. */
    enum Kind {
        FLOW_MATCH("flow-match"),
        EDM_DENOISER("edm-denoiser"),
        EDM_PRECOND("edm-precond"),
        VP_SDE("vp-sde"),
        VE_SDE("ve-sde");

        final String id;

        Kind(String id) {
            this.id = id;
        }
    }

    private final Kind kind;
    private final Map<String, Double> p;
    private final Prediction prediction;

    Continuous(Kind kind, Map<String, Double> parameters, Prediction prediction) {
        this.kind = kind;
        this.p = new LinkedHashMap<>(parameters);
        this.prediction = prediction;
    }

    /** x = (1 - sigma) x1 + sigma eps, timestep = N sigma, output eps - x1; shift changes only which sigmas trained. */
    public static Continuous flowMatch(double numTrainTimesteps, double shift) {
        return new Continuous(
                Kind.FLOW_MATCH, ordered("numTrainTimesteps", numTrainTimesteps, "shift", shift), Prediction.FLOW);
    }

    /**
     * x = x1 + sigma eps, the network is the denoiser D(x; sigma) (called with sigma). D already holds EDM's
     * preconditioning, so sigmaData (NaN: not given) is recorded and shown, and changes nothing.
     */
    public static Continuous edmDenoiser(double sigmaMin, double sigmaMax, double sigmaData) {
        Map<String, Double> p = ordered("sigmaMin", sigmaMin, "sigmaMax", sigmaMax);
        if (!Double.isNaN(sigmaData)) {
            p.put("sigmaData", sigmaData);
        }
        return new Continuous(Kind.EDM_DENOISER, p, Prediction.SAMPLE);
    }

    /** The raw EDM network F: D = c_skip x + c_out F(c_in x; c_noise), c_noise = ln(sigma) / 4. */
    public static Continuous edmPrecond(double sigmaData, double sigmaMin, double sigmaMax) {
        return new Continuous(
                Kind.EDM_PRECOND,
                ordered("sigmaData", sigmaData, "sigmaMin", sigmaMin, "sigmaMax", sigmaMax),
                Prediction.SAMPLE);
    }

    /** log m(s) = -s^2 (b1 - b0) / 4 - s b0 / 2, a = m, sigma = sqrt(1 - m^2); network input timestepScale * s. */
    public static Continuous vpSde(double betaMin, double betaMax, double timestepScale, Prediction prediction) {
        return new Continuous(
                Kind.VP_SDE,
                ordered("betaMin", betaMin, "betaMax", betaMax, "timestepScale", timestepScale),
                prediction);
    }

    /** x = x1 + sigma eps, sigma from sigmaMin to sigmaMax; network input sigma. */
    public static Continuous veSde(double sigmaMin, double sigmaMax, Prediction prediction) {
        return new Continuous(Kind.VE_SDE, ordered("sigmaMin", sigmaMin, "sigmaMax", sigmaMax), prediction);
    }

    private static Map<String, Double> ordered(Object... kv) {
        Map<String, Double> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], (Double) kv[i + 1]);
        }
        return m;
    }

    @Override
    public String kind() {
        return kind.id;
    }

    @Override
    public double[] snrRange() {
        return switch (kind) {
            case FLOW_MATCH -> new double[] {1e-8, 1e8};
            case EDM_DENOISER, EDM_PRECOND, VE_SDE -> {
                double lo = p.get("sigmaMin");
                double hi = p.get("sigmaMax");
                yield new double[] {1 / (hi * hi), 1 / (lo * lo)};
            }
            case VP_SDE -> new double[] {vpSnr(1), vpSnr(1e-5)};
        };
    }

    private double vpSnr(double s) {
        double b0 = p.get("betaMin");
        double b1 = p.get("betaMax");
        double logM = -s * s * (b1 - b0) / 4 - s * b0 / 2;
        return Math.exp(2 * logM) / -Math.expm1(2 * logM);
    }

    @Override
    public Level level(double requested) {
        double[] range = snrRange();
        double snr = Math.min(Math.max(requested, range[0]), range[1]);
        return switch (kind) {
            case FLOW_MATCH -> {
                double sigma = 1 / (1 + Math.sqrt(snr));
                yield prediction.level(1 - sigma, sigma, p.get("numTrainTimesteps") * sigma);
            }
            case EDM_DENOISER, VE_SDE -> {
                double sigma = 1 / Math.sqrt(snr);
                yield prediction.level(1, sigma, sigma);
            }
            case EDM_PRECOND -> {
                double sigma = 1 / Math.sqrt(snr);
                double sd = p.get("sigmaData");
                double n = sigma * sigma + sd * sd;
                double cSkip = sd * sd / n;
                double cOut = sigma * sd / Math.sqrt(n);
                double cIn = 1 / Math.sqrt(n);
                // x1_hat = D = c_skip x_m + c_out F; eps_hat = (x_m - D) / sigma
                yield new Level(1, sigma, Math.log(sigma) / 4, cIn, (1 - cSkip) / sigma, -cOut / sigma, cSkip, cOut);
            }
            case VP_SDE -> {
                double b0 = p.get("betaMin");
                double b1 = p.get("betaMax");
                // a^2 / sigma^2 = snr with a = m: log m = log(snr / (1 + snr)) / 2, a quadratic in s
                double logM = 0.5 * Math.log(snr / (1 + snr));
                double q = (b1 - b0) / 4;
                double s = (-b0 / 2 + Math.sqrt(b0 * b0 / 4 - 4 * q * logM)) / (2 * q);
                double m = Math.exp(logM);
                yield prediction.level(m, Math.sqrt(-Math.expm1(2 * logM)), p.get("timestepScale") * s);
            }
        };
    }

    @Override
    public JsonObject describe() {
        JsonObject o = new JsonObject();
        o.addProperty("kind", kind.id);
        p.forEach(o::addProperty);
        if (kind == Kind.VP_SDE || kind == Kind.VE_SDE) {
            o.addProperty("prediction", prediction.id());
        }
        return o;
    }

    @Override
    public String toString() {
        return kind.id + p + (kind == Kind.VP_SDE || kind == Kind.VE_SDE ? ", " + prediction.id() : "");
    }
}
