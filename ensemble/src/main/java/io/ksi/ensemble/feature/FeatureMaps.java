package io.ksi.ensemble.feature;

import com.google.gson.JsonObject;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;

/** Rebuilds the feature maps of a saved ensemble through the {@link FeatureMapKind}s on the class path. */
public final class FeatureMaps {
    private FeatureMaps() {}

    /** The kinds on the class path, by name; looked up once, the class path does not change. */
    public static Map<String, FeatureMapKind> kinds() {
        return Found.KINDS;
    }

    private static final class Found {
        static final Map<String, FeatureMapKind> KINDS = load();

        private static Map<String, FeatureMapKind> load() {
            Map<String, FeatureMapKind> kinds = new TreeMap<>();
            for (FeatureMapKind k : ServiceLoader.load(FeatureMapKind.class, FeatureMaps.class.getClassLoader())) {
                kinds.put(k.kind(), k);
            }
            return Collections.unmodifiableMap(kinds);
        }
    }

    public static FeatureMap fromJson(JsonObject o, Path file) {
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
