package io.ksi.ensemble;

import com.google.gson.JsonObject;
import io.ksi.ensemble.scattering.ScatteringSpectra1D;
import io.ksi.ensemble.scattering.ScatteringSpectra2D;
import java.nio.file.Path;

/** Rebuilds the feature maps of a saved ensemble. */
final class FeatureMaps {
    private FeatureMaps() {
    }

    static FeatureMap fromJson(JsonObject o, Path file) {
        String kind = o.has("kind") ? o.get("kind").getAsString() : "";
        try {
            return switch (kind) {
                case "scattering1d" -> ScatteringSpectra1D.fromJson(o);
                case "scattering2d" -> ScatteringSpectra2D.fromJson(o);
                default -> throw new IllegalArgumentException("unknown feature map kind '" + kind
                        + "' (expected scattering1d or scattering2d)");
            };
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(file + ": bad feature map " + o.get("kind") + ": " + e.getMessage(), e);
        }
    }
}
