package io.ksi.ensemble.feature;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import com.google.gson.JsonObject;
import io.ksi.bridge.Autograd;

/**
 * The gradient of one coefficient of a {@link FeatureMap}. Evaluated alone it costs a backward pass; fits and drifts
 * group the coefficients of a map and pay one Jacobian or one VJP for all of them.
 */
public final class MapCoefficient implements FeatureField {
    private final FeatureMap map;
    private final int index;

    public MapCoefficient(FeatureMap map, int index) {
        if (index < 0 || index >= map.size()) {
            throw new IllegalArgumentException(map.name() + " has " + map.size() + " features, no index " + index);
        }
        this.map = map;
        this.index = index;
    }

    public FeatureMap map() {
        return map;
    }

    public int index() {
        return index;
    }

    @Override
    public String name() {
        return map.name() + ":" + map.labels().get(index);
    }

    @Override
    public NDArray evaluate(NDArray x, double t) {
        try (NDManager scope = x.getManager().newSubManager()) {
            double[] w = new double[map.size()];
            w[index] = 1;
            NDArray g = Autograd.vjp(map::apply, x, scope.create(w), map.inputType());
            g.attach(x.getManager());
            return g;
        }
    }

    @Override
    public JsonObject describe() {
        JsonObject o = Scoped.describe("map", name());
        o.addProperty("index", index);
        return o;
    }

    @Override
    public String toString() {
        return "MapCoefficient[" + name() + "]";
    }
}
