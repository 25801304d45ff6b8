package io.ksi.bridge.convention;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads conventions from a manifest's {@code "convention"} object or from a diffusers {@code scheduler_config.json}.
 * Unknown kinds, keys and values are errors naming what is allowed: a typo never silently becomes a default.
 */
public final class Conventions {
    /** The keys each kind takes, besides "kind". */
    private static final Map<String, Set<String>> KEYS = Map.of(
            "ddpm",
                    Set.of(
                            "numTrainTimesteps",
                            "betaSchedule",
                            "betaStart",
                            "betaEnd",
                            "trainedBetas",
                            "prediction",
                            "timestep",
                            "rescaleBetasZeroSnr"),
            "flow-match", Set.of("numTrainTimesteps", "shift"),
            // sigmaData is part of an EDM config; a denoiser D already holds its preconditioning, so it is only
            // recorded
            "edm-denoiser", Set.of("sigmaData", "sigmaMin", "sigmaMax"),
            "edm-precond", Set.of("sigmaData", "sigmaMin", "sigmaMax"),
            "vp-sde", Set.of("betaMin", "betaMax", "timestepScale", "prediction"),
            "ve-sde", Set.of("sigmaMin", "sigmaMax", "prediction"));

    private Conventions() {}

    /** The kinds a manifest may name. */
    public static Set<String> kinds() {
        return new TreeSet<>(KEYS.keySet());
    }

    /** A manifest's {"kind": ..., parameters}; {@code where} names the entry in errors. */
    public static Convention parse(JsonObject o, String where) {
        String kind = o.has("kind") ? text(o, "kind", where) : "";
        Set<String> allowed = KEYS.get(kind);
        if (allowed == null) {
            throw new IllegalArgumentException(
                    where + ": unknown convention kind '" + kind + "'; expected one of " + kinds());
        }
        for (String k : o.keySet()) {
            if (!k.equals("kind") && !allowed.contains(k)) {
                throw new IllegalArgumentException(
                        where + ": convention " + kind + " has no key '" + k + "'; allowed: " + new TreeSet<>(allowed));
            }
        }
        return switch (kind) {
            case "ddpm" ->
                discreteVp(
                        steps(number(o, "numTrainTimesteps", 1000, where), "numTrainTimesteps", where),
                        o.has("betaSchedule") ? text(o, "betaSchedule", where) : "linear",
                        number(o, "betaStart", 1e-4, where),
                        number(o, "betaEnd", 0.02, where),
                        o.has("trainedBetas") ? numbers(o.get("trainedBetas"), where + ".trainedBetas") : null,
                        Prediction.parse(o.has("prediction") ? text(o, "prediction", where) : "epsilon", where),
                        timestepIsInteger(o, where),
                        flag(o, "rescaleBetasZeroSnr", where),
                        where,
                        "betaStart",
                        "betaEnd");
            case "flow-match" ->
                Continuous.flowMatch(positive(o, "numTrainTimesteps", 1000, where), positive(o, "shift", 1, where));
            case "edm-denoiser" -> {
                double[] sigmas = sigmaRange(o, 0.002, 80, where);
                yield Continuous.edmDenoiser(
                        sigmas[0], sigmas[1], o.has("sigmaData") ? positive(o, "sigmaData", 0.5, where) : Double.NaN);
            }
            case "edm-precond" -> {
                double[] sigmas = sigmaRange(o, 0.002, 80, where);
                yield Continuous.edmPrecond(positive(o, "sigmaData", 0.5, where), sigmas[0], sigmas[1]);
            }
            case "vp-sde" -> {
                double b0 = positive(o, "betaMin", 0.1, where);
                double b1 = positive(o, "betaMax", 20, where);
                if (!(b0 < b1)) {
                    throw new IllegalArgumentException(where + ": betaMin " + b0 + " must be below betaMax " + b1
                            + " (the VP-SDE's noise rate grows with time)");
                }
                yield Continuous.vpSde(b0, b1, positive(o, "timestepScale", 999, where), sdePrediction(o, where));
            }
            case "ve-sde" -> {
                double[] sigmas = sigmaRange(o, 0.01, 50, where);
                yield Continuous.veSde(sigmas[0], sigmas[1], sdePrediction(o, where));
            }
            default -> throw new IllegalStateException(kind);
        };
    }

    /** A DiscreteVp whose values can describe a checkpoint: betas in (0, 1), rising when given by a named schedule. */
    private static DiscreteVp discreteVp(
            int steps,
            String schedule,
            double betaStart,
            double betaEnd,
            double[] trainedBetas,
            Prediction prediction,
            boolean integer,
            boolean zeroSnr,
            String where,
            String startKey,
            String endKey) {
        if (trainedBetas == null && !schedule.equalsIgnoreCase("squaredcos_cap_v2")) {
            if (!(betaStart > 0 && betaEnd < 1 && betaStart < betaEnd)) {
                throw new IllegalArgumentException(where + ": " + startKey + " " + betaStart + " and " + endKey + " "
                        + betaEnd + " describe no noise schedule; expected 0 < " + startKey + " < " + endKey
                        + " < 1 (noise is added faster at later steps)");
            }
        }
        try {
            return new DiscreteVp(steps, schedule, betaStart, betaEnd, trainedBetas, prediction, integer, zeroSnr);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
        }
    }

    private static int steps(double n, String key, String where) {
        if (n != Math.rint(n) || n < 2) {
            throw new IllegalArgumentException(where + ": " + key + " must be a whole number of steps >= 2, got " + n);
        }
        return (int) n;
    }

    private static double positive(JsonObject o, String key, double fallback, String where) {
        double v = number(o, key, fallback, where);
        if (!(v > 0)) {
            throw new IllegalArgumentException(where + ": " + key + " must be above 0, got " + v);
        }
        return v;
    }

    /** sigmaMin and sigmaMax: 0 < sigmaMin < sigmaMax. */
    private static double[] sigmaRange(JsonObject o, double min, double max, String where) {
        double lo = positive(o, "sigmaMin", min, where);
        double hi = positive(o, "sigmaMax", max, where);
        if (!(lo < hi)) {
            throw new IllegalArgumentException(where + ": sigmaMin " + lo + " must be below sigmaMax " + hi
                    + " (noise levels run from one to the" + " other)");
        }
        return new double[] {lo, hi};
    }

    private static boolean flag(JsonObject o, String key, String where) {
        if (!o.has(key) || o.get(key).isJsonNull()) {
            return false;
        }
        JsonElement e = o.get(key);
        if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isBoolean()) {
            throw new IllegalArgumentException(where + ": " + key + " must be true or false, got " + e);
        }
        return e.getAsBoolean();
    }

    /**
     * A diffusers scheduler_config.json: {@code _class_name} picks the convention (DDPM/DDIM-family schedulers or
     * FlowMatchEulerDiscreteScheduler); an absent prediction_type means epsilon, as in diffusers.
     */
    public static Convention fromDiffusers(Path file) {
        JsonObject c;
        try {
            JsonElement e = JsonParser.parseString(Files.readString(file));
            if (!e.isJsonObject()) {
                throw new IllegalArgumentException(file + ": a scheduler config must be a JSON object");
            }
            c = e.getAsJsonObject();
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException(file + ": scheduler config not found");
        } catch (java.nio.charset.MalformedInputException e) {
            throw new IllegalArgumentException(
                    file + ": not a text file (a model file?); expected a diffusers" + " scheduler_config.json");
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": cannot read the scheduler config: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            if (e instanceof IllegalArgumentException) {
                throw e;
            }
            throw new IllegalArgumentException(file + ": not valid JSON: " + e.getMessage(), e);
        }
        String where = file.toString();
        String cls = c.has("_class_name") ? text(c, "_class_name", where) : "";
        refuseDiffusersKeys(c, where);
        if (cls.equals("FlowMatchEulerDiscreteScheduler")) {
            return Continuous.flowMatch(
                    positive(c, "num_train_timesteps", 1000, where), positive(c, "shift", 1, where));
        }
        if (!DIFFUSERS_VP.contains(cls)) {
            throw new IllegalArgumentException(where + ": _class_name '" + cls + "' is not a scheduler ksi knows; "
                    + "expected FlowMatchEulerDiscreteScheduler or one of " + new TreeSet<>(DIFFUSERS_VP));
        }
        return discreteVp(
                steps(number(c, "num_train_timesteps", 1000, where), "num_train_timesteps", where),
                c.has("beta_schedule") ? text(c, "beta_schedule", where) : "linear",
                number(c, "beta_start", 1e-4, where),
                number(c, "beta_end", 0.02, where),
                c.has("trained_betas") && !c.get("trained_betas").isJsonNull()
                        ? numbers(c.get("trained_betas"), where + ".trained_betas")
                        : null,
                Prediction.parse(c.has("prediction_type") ? text(c, "prediction_type", where) : "epsilon", where),
                false,
                flag(c, "rescale_betas_zero_snr", where),
                where,
                "beta_start",
                "beta_end");
    }

    /**
     * scheduler_config.json keys that change what the network was trained on (its noise levels, its time input or its
     * output) in a way ksi does not implement: refused by name rather than ignored. docs/model-contract.md lists the
     * keys read, refused and ignored.
     */
    private static void refuseDiffusersKeys(JsonObject c, String where) {
        if (c.has("timestep_type") && !text(c, "timestep_type", where).equals("discrete")) {
            throw new IllegalArgumentException(where + ": timestep_type '" + text(c, "timestep_type", where)
                    + "' (the network takes a function of sigma, not the step) is not supported; expected discrete,"
                    + " or describe the model with a \"convention\" such as edm-precond");
        }
        if (c.has("variance_type") && text(c, "variance_type", where).startsWith("learned")) {
            throw new IllegalArgumentException(where + ": variance_type '" + text(c, "variance_type", where)
                    + "' (the network also outputs a variance, 2C channels) is not supported; export the mean"
                    + " prediction alone");
        }
        if (flag(c, "invert_sigmas", where)) {
            throw new IllegalArgumentException(
                    where + ": invert_sigmas true (a reversed noise schedule) is not" + " supported");
        }
    }

    /** diffusers schedulers that share the discrete VP noise schedule (the sampler differs, the training does not). */
    private static final Set<String> DIFFUSERS_VP = Set.of(
            "DDPMScheduler",
            "DDIMScheduler",
            "PNDMScheduler",
            "EulerDiscreteScheduler",
            "EulerAncestralDiscreteScheduler",
            "DPMSolverMultistepScheduler",
            "LMSDiscreteScheduler",
            "HeunDiscreteScheduler",
            "UniPCMultistepScheduler");

    private static Prediction sdePrediction(JsonObject o, String where) {
        String written = o.has("prediction") ? text(o, "prediction", where) : "epsilon";
        Prediction p = Prediction.parse(written, where);
        if (p != Prediction.EPSILON && p != Prediction.SCORE) {
            throw new IllegalArgumentException(
                    where + ": score-SDE models predict epsilon or score, got '" + written + "'");
        }
        return p;
    }

    private static boolean timestepIsInteger(JsonObject o, String where) {
        String t = o.has("timestep") ? text(o, "timestep", where) : "float";
        return switch (t) {
            case "float", "float32" -> false;
            case "int64", "long" -> true;
            default -> throw new IllegalArgumentException(where + ": timestep must be float or int64, got '" + t + "'");
        };
    }

    private static String text(JsonObject o, String key, String where) {
        JsonElement e = o.get(key);
        if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isString()) {
            throw new IllegalArgumentException(where + ": " + key + " must be a string, got " + e);
        }
        return e.getAsString();
    }

    private static double number(JsonObject o, String key, double fallback, String where) {
        if (!o.has(key) || o.get(key).isJsonNull()) {
            return fallback;
        }
        JsonElement e = o.get(key);
        if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isNumber() || !Double.isFinite(e.getAsDouble())) {
            throw new IllegalArgumentException(where + ": " + key + " must be a finite number, got " + e);
        }
        return e.getAsDouble();
    }

    private static double[] numbers(JsonElement e, String where) {
        if (!e.isJsonArray()) {
            throw new IllegalArgumentException(where + " must be an array of numbers, got " + e);
        }
        double[] out = new double[e.getAsJsonArray().size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = e.getAsJsonArray().get(i).getAsDouble();
        }
        return out;
    }
}
