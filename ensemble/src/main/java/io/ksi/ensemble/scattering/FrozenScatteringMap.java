package io.ksi.ensemble.scattering;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import com.google.gson.Gson;
import com.google.gson.JsonObject;
import io.ksi.ensemble.feature.FeatureMap;
import java.util.List;

/**
 * What the 1D and 2D scattering feature maps share (docs/scattering-spec.md §1.7, §3.4): a power spectrum frozen from
 * the observation, so that phi is one fixed function of x (a per-input normalization would make the power entries
 * constant and change every gradient), and one precision that gradients start from ({@link #inputType()}).
 */
abstract class FrozenScatteringMap implements FeatureMap {
    private final Scattering scattering;
    private final double[] power;
    private final boolean float64;

    /** @param power the frozen normalization; validated by the subclass, copied here */
    FrozenScatteringMap(Scattering scattering, double[] power, boolean float64) {
        this.scattering = scattering;
        this.power = power.clone();
        this.float64 = float64;
    }

    @Override
    public final int size() {
        return scattering.featureCount();
    }

    @Override
    public final List<String> labels() {
        return scattering.featureLabels();
    }

    /** The transform's settings for {@link #describe()}, without the kind, precision and normalization. */
    abstract void describeTransform(JsonObject o);

    /** Name of the normalization in files. */
    abstract String powerKey();

    final double[] power() {
        return power.clone();
    }

    final boolean float64() {
        return float64;
    }

    @Override
    public final DataType inputType() {
        return float64 ? DataType.FLOAT64 : DataType.FLOAT32;
    }

    @Override
    public final NDArray apply(NDArray x) {
        Shape s = new Shape(x.getShape().get(0)).addAll(scattering.sampleShape());
        return scattering.features(x.reshape(s).toType(inputType(), false), power);
    }

    @Override
    public final JsonObject describe() {
        JsonObject o = new JsonObject();
        o.addProperty("kind", name());
        describeTransform(o);
        o.addProperty("float64", float64);
        o.add(powerKey(), new Gson().toJsonTree(power));
        return o;
    }

    static double[] power(JsonObject o, String key) {
        return new Gson().fromJson(o.get(key), double[].class);
    }

    String precision() {
        return float64 ? "float64" : "float32";
    }
}
