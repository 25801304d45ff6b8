package io.ksi.ensemble.feature;

import com.google.gson.JsonObject;
import io.ksi.bridge.LoadOptions;
import io.ksi.bridge.Manifest;
import io.ksi.bridge.ModelLoader;
import io.ksi.bridge.ModelSpec;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;

/**
 * Writes and rebuilds the feature fields of ensemble files, and the feature maps their coefficients come from (through
 * the {@link FeatureMapKind}s on the class path).
 */
public final class FieldCodec {
    private FieldCodec() {}

    /** @param maps the feature maps written so far; a new one is appended and fields refer to it by position */
    public static JsonObject toJson(FeatureField f, Path dir, List<FeatureMap> maps) {
        JsonObject o = f.describe();
        if (f instanceof MapCoefficient mf) {
            int k = indexOf(maps, mf.map());
            if (k < 0) {
                maps.add(mf.map());
                k = maps.size() - 1;
            }
            o.addProperty("map", k);
        }
        if (f instanceof ModelField m) {
            if (m.spec() == null) {
                throw new IllegalArgumentException(
                        "field " + f.name() + " wraps a model without a file: cannot be saved");
            }
            o.add("model", Manifest.toJson(m.spec(), dir));
        }
        return o;
    }

    private static int indexOf(List<FeatureMap> maps, FeatureMap m) {
        for (int i = 0; i < maps.size(); i++) {
            if (maps.get(i) == m) {
                return i;
            }
        }
        return -1;
    }

    public static FeatureField fromJson(JsonObject o, Path file, LoadOptions options, List<FeatureMap> maps) {
        String kind = o.has("kind") ? o.get("kind").getAsString() : "";
        return switch (kind) {
            case "model" -> {
                ModelSpec spec = Manifest.parseEntry(file, file.toAbsolutePath().getParent(), o.get("model"));
                yield ModelField.of(ModelLoader.load(spec, options));
            }
            case "affine" -> AffineField.fromJson(o);
            case "identity" -> new IdentityField();
            case "band" -> BandField.fromJson(o);
            case "saturating" -> SaturatingField.fromJson(o);
            case "map" -> {
                int k = o.get("map").getAsInt();
                if (k < 0 || k >= maps.size()) {
                    throw new IllegalArgumentException(file + ": field " + o.get("name") + " refers to feature map " + k
                            + " but the file has " + maps.size());
                }
                yield new MapCoefficient(maps.get(k), o.get("index").getAsInt());
            }
            default ->
                throw new IllegalArgumentException(file + ": unknown field kind '" + kind
                        + "' (expected model, affine, identity, band, saturating or map)");
        };
    }

    /** The kinds on the class path, by name; looked up once, the class path does not change. */
    public static Map<String, FeatureMapKind> kinds() {
        return Found.KINDS;
    }

    private static final class Found {
        static final Map<String, FeatureMapKind> KINDS = load();

        private static Map<String, FeatureMapKind> load() {
            Map<String, FeatureMapKind> kinds = new TreeMap<>();
            for (FeatureMapKind k : ServiceLoader.load(FeatureMapKind.class, FieldCodec.class.getClassLoader())) {
                kinds.put(k.kind(), k);
            }
            return Collections.unmodifiableMap(kinds);
        }
    }

    /** A feature map of an ensemble file, rebuilt by the {@link FeatureMapKind} its "kind" names. */
    public static FeatureMap mapFromJson(JsonObject o, Path file) {
        String name = o.has("kind") ? o.get("kind").getAsString() : "";
        Map<String, FeatureMapKind> kinds = kinds();
        FeatureMapKind kind = kinds.get(name);
        if (kind == null) {
            throw new IllegalArgumentException(file + ": unknown feature map kind '" + name + "' (expected one of "
                    + String.join(", ", kinds.keySet()) + ")");
        }
        try {
            return kind.fromJson(o);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(file + ": bad feature map " + o.get("kind") + ": " + e.getMessage(), e);
        }
    }
}
