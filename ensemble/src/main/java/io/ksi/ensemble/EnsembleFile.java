package io.ksi.ensemble;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.TypeAdapter;
import com.google.gson.reflect.TypeToken;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import com.google.gson.stream.JsonWriter;
import io.ksi.bridge.AtomicFiles;
import io.ksi.bridge.LoadOptions;
import io.ksi.ensemble.feature.FeatureField;
import io.ksi.ensemble.feature.FeatureMap;
import io.ksi.ensemble.feature.FieldCodec;
import io.ksi.ensemble.interpolant.Schedule;
import io.ksi.ensemble.interpolant.Schedules;
import io.ksi.ensemble.system.EtaTable;
import io.ksi.ensemble.system.LinearSystem;
import io.ksi.ensemble.system.TimeDiagnostics;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A fitted ensemble as one portable JSON file: schedule, grid, eta table, field references (model files relative to the
 * ensemble file), settings, per-time diagnostics, and optionally the linear systems for re-solving.
 */
public final class EnsembleFile {
    public static final String FORMAT = "ksi-ensemble/1";
    /**
     * A loss that does not exist (no held-out pairs) is written as JSON null, not as NaN, which is no JSON; files
     * written before hold NaN and still read.
     */
    private static final TypeAdapter<Double> NAN_AS_NULL = new TypeAdapter<>() {
        @Override
        public void write(JsonWriter out, Double v) throws IOException {
            if (v == null || v.isNaN()) {
                out.nullValue();
            } else {
                out.value(v.doubleValue());
            }
        }

        @Override
        public Double read(JsonReader in) throws IOException {
            if (in.peek() == JsonToken.NULL) {
                in.nextNull();
                return Double.NaN;
            }
            return in.nextDouble();
        }
    };

    private static final Gson GSON = new GsonBuilder()
            .serializeSpecialFloatingPointValues()
            .serializeNulls()
            .registerTypeAdapter(double.class, NAN_AS_NULL)
            .registerTypeAdapter(Double.class, NAN_AS_NULL)
            .disableHtmlEscaping()
            .create();

    private EnsembleFile() {}

    /** Writes the ensemble file in one piece: a failed write leaves the previous file as it was. */
    public static void write(Path file, KernelEnsemble e, boolean withSystems) {
        AtomicFiles.writeString(file, json(file, e, withSystems));
    }

    /** The file's text; model paths are written relative to {@code file}'s folder. */
    public static String json(Path file, KernelEnsemble e, boolean withSystems) {
        Path dir = file.toAbsolutePath().getParent();
        JsonObject root = new JsonObject();
        root.addProperty("format", FORMAT);
        root.addProperty("schedule", e.schedule().name());
        root.add("times", GSON.toJsonTree(e.eta().times()));
        JsonArray fields = new JsonArray();
        List<FeatureMap> maps = new ArrayList<>();
        for (FeatureField f : e.fields()) {
            fields.add(FieldCodec.toJson(f, dir, maps));
        }
        if (!maps.isEmpty()) {
            JsonArray m = new JsonArray();
            maps.forEach(map -> m.add(map.describe()));
            root.add("maps", m);
        }
        root.add("fields", fields);
        root.add("eta", GSON.toJsonTree(e.eta().eta()));
        if (e.record().rule().sparse()) {
            // what a sampler calls at each grid time (the members of nonzero weight), for readers of the file
            JsonArray active = new JsonArray();
            for (int k = 0; k < e.eta().times().length; k++) {
                active.add(GSON.toJsonTree(e.active(k)));
            }
            root.add("active", active);
        }
        root.add("settings", e.record().toJson());
        root.add("diagnostics", GSON.toJsonTree(e.diagnostics()));
        if (withSystems && e.systems() != null) {
            root.add("systems", systemsJson(e.systems()));
            if (e.heldOutSystems() != null) {
                root.add("heldOutSystems", systemsJson(e.heldOutSystems()));
            }
        }
        return GSON.toJson(root);
    }

    private static JsonObject systemsJson(List<LinearSystem> systems) {
        JsonObject s = new JsonObject();
        s.add("k", GSON.toJsonTree(systems.stream().map(LinearSystem::k).toArray()));
        s.add("h", GSON.toJsonTree(systems.stream().map(LinearSystem::h).toArray()));
        s.add(
                "velocityNorm2",
                GSON.toJsonTree(systems.stream()
                        .mapToDouble(LinearSystem::velocityNorm2)
                        .toArray()));
        s.add("n", GSON.toJsonTree(systems.stream().mapToLong(LinearSystem::n).toArray()));
        return s;
    }

    private static List<LinearSystem> readSystems(JsonElement el) {
        if (el == null) {
            return null;
        }
        JsonObject s = el.getAsJsonObject();
        double[][][] k = GSON.fromJson(s.get("k"), double[][][].class);
        double[][] h = GSON.fromJson(s.get("h"), double[][].class);
        double[] v = GSON.fromJson(s.get("velocityNorm2"), double[].class);
        long[] n = GSON.fromJson(s.get("n"), long[].class);
        List<LinearSystem> out = new ArrayList<>();
        for (int i = 0; i < k.length; i++) {
            out.add(new LinearSystem(k[i], h[i], v[i], n[i]));
        }
        return out;
    }

    /** Loads the ensemble and its models; model files are resolved relative to the ensemble file. */
    public static KernelEnsemble read(Path file, LoadOptions options) {
        JsonObject root;
        if (Files.isDirectory(file)) {
            throw new IllegalArgumentException(
                    file + ": is a folder; expected an ensemble file (.json) written by" + " ksi fit");
        }
        try (Reader r = Files.newBufferedReader(file)) {
            root = JsonParser.parseReader(r).getAsJsonObject();
        } catch (NoSuchFileException ex) {
            throw new IllegalArgumentException(file + ": ensemble file not found");
        } catch (IOException | RuntimeException ex) {
            throw new IllegalArgumentException(file + ": not a readable ensemble file: " + ex.getMessage(), ex);
        }
        if (!root.has("format") || !root.get("format").getAsString().equals(FORMAT)) {
            throw new IllegalArgumentException(file + ": expected an ensemble file of format " + FORMAT + ", found "
                    + (root.has("format") ? root.get("format").getAsString() : "none"));
        }
        Schedule schedule = Schedules.byName(root.get("schedule").getAsString());
        double[] times = GSON.fromJson(root.get("times"), double[].class);
        double[][] eta = GSON.fromJson(root.get("eta"), double[][].class);
        List<TimeDiagnostics> diag =
                GSON.fromJson(root.get("diagnostics"), new TypeToken<List<TimeDiagnostics>>() {}.getType());
        FitRecord record = FitRecord.fromJson(root.has("settings") ? root.getAsJsonObject("settings") : null);
        List<FeatureField> fields = new ArrayList<>();
        List<FeatureMap> maps = new ArrayList<>();
        if (root.has("maps")) {
            for (JsonElement m : root.getAsJsonArray("maps")) {
                maps.add(FieldCodec.mapFromJson(m.getAsJsonObject(), file));
            }
        }
        try {
            for (JsonElement f : root.getAsJsonArray("fields")) {
                fields.add(FieldCodec.fromJson(f.getAsJsonObject(), file, options, maps));
            }
            return new KernelEnsemble(
                    fields,
                    schedule,
                    new EtaTable(times, eta, record.rule().sparse()),
                    readSystems(root.get("systems")),
                    readSystems(root.get("heldOutSystems")),
                    diag,
                    record,
                    true);
        } catch (RuntimeException ex) {
            fields.forEach(FeatureField::close);
            throw ex;
        }
    }
}
