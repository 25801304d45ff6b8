package io.ksi.ensemble;

import com.google.gson.JsonObject;
import io.ksi.bridge.LoadOptions;
import io.ksi.bridge.Manifest;
import io.ksi.bridge.ModelLoader;
import io.ksi.bridge.ModelSpec;
import java.nio.file.Path;

/** Writes and rebuilds feature fields for ensemble files. */
final class FieldCodec {
    private FieldCodec() {
    }

    static JsonObject toJson(FeatureField f, Path dir) {
        JsonObject o = f.describe();
        if (f instanceof ModelField m) {
            if (m.spec() == null) {
                throw new IllegalArgumentException("field " + f.name() + " wraps a model without a file: cannot be saved");
            }
            o.add("model", Manifest.toJson(m.spec(), dir));
        }
        return o;
    }

    static FeatureField fromJson(JsonObject o, Path file, LoadOptions options) {
        String kind = o.has("kind") ? o.get("kind").getAsString() : "";
        return switch (kind) {
            case "model" -> {
                ModelSpec spec = Manifest.parseEntry(file, file.toAbsolutePath().getParent(), o.get("model"));
                yield ModelField.of(ModelLoader.load(spec, options));
            }
            case "affine" -> AffineField.fromJson(o);
            case "identity" -> new IdentityField();
            default -> throw new IllegalArgumentException(file + ": unknown field kind '" + kind
                    + "' (expected model, affine or identity)");
        };
    }
}
