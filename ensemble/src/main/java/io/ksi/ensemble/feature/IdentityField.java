package io.ksi.ensemble.feature;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import com.google.gson.JsonObject;

/** The field x itself, gradient of |x|^2/2: in any dimension, a cheap feature that lets the drift shrink or grow x. */
public final class IdentityField implements FeatureField {
    @Override
    public String name() {
        return "identity";
    }

    @Override
    public NDArray evaluate(NDArray x, double t) {
        return x.toType(DataType.FLOAT32, true);
    }

    @Override
    public JsonObject describe() {
        JsonObject o = Scoped.describe("identity", name());
        return o;
    }

    @Override
    public String toString() {
        return "IdentityField";
    }
}
