package io.ksi.spark;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.ksi.bridge.DjlVelocityField;
import io.ksi.bridge.LoadOptions;
import io.ksi.ensemble.feature.FeatureField;
import io.ksi.ensemble.feature.FeatureMap;
import io.ksi.ensemble.feature.FieldCodec;
import io.ksi.ensemble.feature.ModelField;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * How an executor rebuilds the driver's feature fields: the fields as an ensemble file describes them (models by file,
 * with their manifest settings; analytic fields by their parameters), model paths relative to the driver's working
 * folder made absolute (on a cluster they must name a path every executor sees), and the models' load options. Equal
 * recipes name the same fields, so executors cache them by recipe.
 */
record FieldRecipe(String fieldsJson, String mapsJson, String folder, String device, int maxBatch, boolean checkFinite)
        implements Serializable {
    /** The recipe of fields loaded on the driver; a field that cannot be written to an ensemble file is refused. */
    static FieldRecipe of(List<? extends FeatureField> fields) {
        Path folder = Path.of("").toAbsolutePath();
        List<FeatureMap> maps = new ArrayList<>();
        JsonArray described = new JsonArray();
        LoadOptions load = LoadOptions.DEFAULT;
        for (FeatureField f : fields) {
            described.add(FieldCodec.toJson(f, folder, maps));
            if (f instanceof ModelField m && m.model() instanceof DjlVelocityField d) {
                load = d.options();
            }
        }
        JsonArray m = new JsonArray();
        maps.forEach(map -> m.add(map.describe()));
        return new FieldRecipe(
                described.toString(),
                m.toString(),
                folder.toString(),
                load.device(),
                load.maxBatch(),
                load.checkFinite());
    }

    /** Loads the fields (the caller owns and closes them). */
    List<FeatureField> load() {
        // FieldCodec resolves model files against the folder of the file it reads: a file in the driver's folder
        Path file = Path.of(folder).resolve("spark-fit.json");
        LoadOptions options = new LoadOptions(device, maxBatch, false, checkFinite, false);
        List<FeatureMap> maps = new ArrayList<>();
        for (JsonElement m : JsonParser.parseString(mapsJson).getAsJsonArray()) {
            maps.add(FieldCodec.mapFromJson(m.getAsJsonObject(), file));
        }
        List<FeatureField> fields = new ArrayList<>();
        try {
            for (JsonElement f : JsonParser.parseString(fieldsJson).getAsJsonArray()) {
                fields.add(FieldCodec.fromJson((JsonObject) f, file, options, maps));
            }
            return fields;
        } catch (RuntimeException e) {
            fields.forEach(FeatureField::close);
            throw e;
        }
    }

    /** Models in the recipe (the identity and other analytic fields load nothing). */
    int models() {
        int n = 0;
        for (JsonElement f : JsonParser.parseString(fieldsJson).getAsJsonArray()) {
            n += f.getAsJsonObject().has("model") ? 1 : 0;
        }
        return n;
    }
}
