package io.ksi.ensemble;

import ai.djl.ndarray.types.Shape;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.Arrays;

/**
 * How an ensemble was fitted, as its file records it under "settings": the pairs, the batch, the shape of one sample,
 * whether features were rescaled, and the relative ridge of the solve.
 *
 * @param sampleShape the data's shape of one sample; null in files that predate it
 * @param screenPairs 0, or the pairs of the screening fit that chose each time's members ({@code ksi fit --active K}):
 *     the systems then hold sums for the active members only
 * @param screenHeldOutPairs the screening fit's held-out pairs
 * @param screenEvery the screening fit ran at every this-many-th fitting time (and the last): 1 at every time, 0 where
 *     there was no screen
 */
public record FitRecord(
        int pairs,
        int heldOutPairs,
        int batchSize,
        long[] sampleShape,
        boolean scaledFeatures,
        double ridge,
        CombinationRule rule,
        int screenPairs,
        int screenHeldOutPairs,
        int screenEvery) {
    public FitRecord(
            int pairs, int heldOutPairs, int batchSize, long[] sampleShape, boolean scaledFeatures, double ridge) {
        this(pairs, heldOutPairs, batchSize, sampleShape, scaledFeatures, ridge, CombinationRule.KERNEL, 0, 0, 0);
    }

    /** Whether only each time's active members were evaluated on the full pairs (a screened fit). */
    public boolean screened() {
        return screenPairs > 0;
    }

    /** The record of a plan solved with a relative ridge. */
    static FitRecord of(FitPlan plan, double ridge) {
        FitPlan.Screen screen = plan.screen();
        return new FitRecord(
                plan.train().pairs(),
                plan.heldOut() == null ? 0 : plan.heldOut().pairs(),
                plan.batchSize(),
                plan.train().sampleShape().getShape(),
                plan.scaleFeatures(),
                ridge,
                screen == null ? CombinationRule.KERNEL : new CombinationRule.Top(screen.k()),
                screen == null ? 0 : screen.pairs(),
                screen == null ? 0 : screen.heldOutPairs(),
                screen == null ? 0 : screen.every());
    }

    public FitRecord withRidge(double r) {
        return with(r, rule);
    }

    /**
     * The same fit, its weights given by another rule. A screened fit has no sums for the members it left out, so it
     * takes no other rule.
     */
    public FitRecord withRule(CombinationRule r) {
        if (screened() && !r.equals(rule)) {
            throw new IllegalArgumentException("this ensemble was fitted on " + rule.id()
                    + " screened members per time (ksi fit --active): its systems hold no sums for the others, so it"
                    + " cannot be re-solved as " + r.id() + "; fit without --active, then ksi solve");
        }
        return with(ridge, r);
    }

    /** The same fit with another ridge and rule: every other setting, the screen's included, kept. */
    private FitRecord with(double newRidge, CombinationRule newRule) {
        return new FitRecord(
                pairs,
                heldOutPairs,
                batchSize,
                sampleShape,
                scaledFeatures,
                newRidge,
                newRule,
                screenPairs,
                screenHeldOutPairs,
                screenEvery);
    }

    /** The shape of one sample, as the fit recorded it from its data. */
    public Shape shape() {
        if (sampleShape == null) {
            throw new IllegalArgumentException("the ensemble file does not record the sample shape");
        }
        return new Shape(sampleShape);
    }

    /** The "settings" object of the ensemble file, keys in the order files have always had. */
    JsonObject toJson() {
        JsonObject o = new JsonObject();
        o.addProperty("pairs", pairs);
        o.addProperty("heldOutPairs", heldOutPairs);
        o.addProperty("batchSize", batchSize);
        if (sampleShape != null) {
            JsonArray dims = new JsonArray();
            Arrays.stream(sampleShape).forEach(dims::add);
            o.add("sampleShape", dims);
        }
        if (scaledFeatures) {
            o.addProperty("scaleFeatures", true);
        }
        o.addProperty("ridge", ridge);
        if (!(rule instanceof CombinationRule.Kernel)) {
            o.addProperty("rule", rule.id()); // files of the kernel rule stay as they always were
        }
        if (screened()) {
            JsonObject screen = new JsonObject();
            screen.addProperty("pairs", screenPairs);
            screen.addProperty("heldOutPairs", screenHeldOutPairs);
            screen.addProperty("every", screenEvery);
            o.add("screen", screen);
        }
        return o;
    }

    /** Reads the "settings" object of any ensemble file written so far (absent keys: 0, false, no shape). */
    static FitRecord fromJson(JsonObject o) {
        JsonElement shape = o == null ? null : o.get("sampleShape");
        long[] dims = null;
        if (shape != null && shape.isJsonArray()) {
            JsonArray a = shape.getAsJsonArray();
            dims = new long[a.size()];
            for (int i = 0; i < dims.length; i++) {
                dims[i] = a.get(i).getAsLong();
            }
        }
        return new FitRecord(
                (int) number(o, "pairs"),
                (int) number(o, "heldOutPairs"),
                (int) number(o, "batchSize"),
                dims,
                o != null && o.has("scaleFeatures") && o.get("scaleFeatures").getAsBoolean(),
                number(o, "ridge"),
                o != null && o.has("rule")
                        ? CombinationRule.parse(o.get("rule").getAsString())
                        : CombinationRule.KERNEL,
                o != null && o.has("screen") ? (int) number(o.getAsJsonObject("screen"), "pairs") : 0,
                o != null && o.has("screen") ? (int) number(o.getAsJsonObject("screen"), "heldOutPairs") : 0,
                o != null && o.has("screen") ? screenEvery(o.getAsJsonObject("screen")) : 0);
    }

    /** Files written before the screen could skip times screened every one. */
    private static int screenEvery(JsonObject screen) {
        return screen.has("every") ? (int) number(screen, "every") : 1;
    }

    private static double number(JsonObject o, String key) {
        return o == null || !o.has(key) || o.get(key).isJsonNull()
                ? 0
                : o.get(key).getAsDouble();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof FitRecord r
                && pairs == r.pairs
                && heldOutPairs == r.heldOutPairs
                && batchSize == r.batchSize
                && Arrays.equals(sampleShape, r.sampleShape)
                && scaledFeatures == r.scaledFeatures
                && Double.compare(ridge, r.ridge) == 0
                && rule.equals(r.rule)
                && screenPairs == r.screenPairs
                && screenHeldOutPairs == r.screenHeldOutPairs
                && screenEvery == r.screenEvery;
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(sampleShape) + Double.hashCode(ridge) + 7 * pairs + heldOutPairs + batchSize;
    }

    @Override
    public String toString() {
        return String.format(
                "FitRecord[pairs=%d, heldOutPairs=%d, batchSize=%d, sampleShape=%s, scaledFeatures=%s, ridge=%s,"
                        + " rule=%s, screenPairs=%d, screenHeldOutPairs=%d, screenEvery=%d]",
                pairs,
                heldOutPairs,
                batchSize,
                Arrays.toString(sampleShape),
                scaledFeatures,
                ridge,
                rule.id(),
                screenPairs,
                screenHeldOutPairs,
                screenEvery);
    }
}
