package io.ksi.ensemble.feature;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * The pointwise field x / (1 + (x / a)^2), gradient of sum_i (a^2 / 2) ln(1 + (x_i / a)^2): linear for |x| << a, fading
 * for |x| >> a. Beside the identity field it lets the drift shrink small values more than large ones, which is how a
 * denoiser of a heavy-tailed marginal behaves (Tweedie: E[x1 | x] = x + sigma^2 score, and the score of a Student-t is
 * -x / (nu + x^2)). Works on any shape; the scale a is in the units of x (standardized data: about 1).
 */
public final class SaturatingField implements FeatureField {
    private final double scale;

    public SaturatingField(double scale) {
        if (!(scale > 0) || Double.isInfinite(scale)) {
            throw new IllegalArgumentException("saturating field needs a finite scale > 0, got " + scale);
        }
        this.scale = scale;
    }

    /** One field per scale. */
    public static List<FeatureField> of(double... scales) {
        List<FeatureField> out = new ArrayList<>();
        for (double a : scales) {
            out.add(new SaturatingField(a));
        }
        return out;
    }

    public double scale() {
        return scale;
    }

    @Override
    public String name() {
        return "saturating(" + scale + ")";
    }

    @Override
    public NDArray evaluate(NDArray x, double t) {
        return Scoped.evaluate(x, scope -> {
            NDArray f = x.toType(DataType.FLOAT32, false);
            return f.div(f.div((float) scale).square().add(1f));
        });
    }

    @Override
    public JsonObject describe() {
        JsonObject o = Scoped.describe("saturating", name());
        o.addProperty("scale", scale);
        return o;
    }

    static SaturatingField fromJson(JsonObject o) {
        if (!o.has("scale")) {
            throw new IllegalArgumentException("saturating field " + o.get("name") + " lacks 'scale'");
        }
        return new SaturatingField(o.get("scale").getAsDouble());
    }

    @Override
    public String toString() {
        return "SaturatingField(" + scale + ")";
    }
}
