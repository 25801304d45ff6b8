package io.ksi.spark;

import io.ksi.bridge.LoadOptions;
import io.ksi.bridge.ModelRefs;
import io.ksi.ensemble.feature.FeatureField;
import io.ksi.ensemble.feature.FeatureFields;
import io.ksi.ensemble.feature.IdentityField;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * How an executor loads the fit's feature fields: model references (files or manifests, made absolute on the driver: on
 * a cluster they must name a path every executor sees), load options and whether x itself is a feature. Equal recipes
 * name the same fields, so executors cache them by recipe.
 */
public record FieldRecipe(List<String> refs, String device, int maxBatch, boolean checkFinite, boolean identity)
        implements Serializable {
    /** From the CLI's comma-separated references ({@code a.pt,b.onnx}, {@code models.json#name}). */
    public static FieldRecipe of(String refs, LoadOptions load, boolean identity) {
        List<String> absolute = new ArrayList<>();
        for (String ref : refs.split(",")) {
            String r = ref.strip();
            if (r.isEmpty()) {
                continue;
            }
            int hash = r.indexOf('#');
            String file = hash < 0 ? r : r.substring(0, hash);
            absolute.add(Path.of(file).toAbsolutePath().normalize() + (hash < 0 ? "" : r.substring(hash)));
        }
        if (absolute.isEmpty()) {
            throw new IllegalArgumentException("no model references in '" + refs + "'");
        }
        return new FieldRecipe(List.copyOf(absolute), load.device(), load.maxBatch(), load.checkFinite(), identity);
    }

    /** Loads the models (the caller owns and closes the fields). */
    List<FeatureField> load() {
        LoadOptions options = new LoadOptions(device, maxBatch, false, checkFinite, false);
        List<FeatureField> fields =
                new ArrayList<>(FeatureFields.load(ModelRefs.resolve(String.join(",", refs)), options));
        if (identity) {
            fields.add(new IdentityField());
        }
        return fields;
    }
}
