package io.ksi.ensemble.feature;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import com.google.gson.JsonObject;
import java.util.function.Function;

/** The memory contract of {@link FeatureField#evaluate}, written once, and the common head of a field's description. */
final class Scoped {
    private Scoped() {}

    /**
     * Runs {@code body} with x borrowed into a sub-manager of its own (so every op on x lands there) and returns its
     * result attached to x's manager; all other intermediates are freed before this returns. The body gets the scope
     * for constants it creates.
     */
    static NDArray evaluate(NDArray x, Function<NDManager, NDArray> body) {
        NDManager owner = x.getManager();
        try (NDManager scope = owner.newSubManager()) {
            x.tempAttach(scope);
            NDArray out = body.apply(scope);
            out.attach(owner);
            return out;
        }
    }

    /** {"kind": kind, "name": name}: what every field description starts with (see {@link FieldCodec}). */
    static JsonObject describe(String kind, String name) {
        JsonObject o = new JsonObject();
        o.addProperty("kind", kind);
        o.addProperty("name", name);
        return o;
    }
}
