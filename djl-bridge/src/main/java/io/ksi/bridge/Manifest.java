package io.ksi.bridge;

import ai.djl.ndarray.types.Shape;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.reflect.TypeToken;
import io.ksi.bridge.convention.Convention;
import io.ksi.bridge.convention.Conventions;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * A JSON file describing a set of models (docs/model-contract.md). Files are resolved relative to the manifest. Unknown
 * keys are errors, so that a typo never silently falls back to a default.
 */
public final class Manifest {
    private static final Set<String> ENTRY_KEYS = Set.of(
            "name",
            "file",
            "format",
            "inputShape",
            "time",
            "output",
            "outputScale",
            "schedule",
            "inputNames",
            "tags",
            "convention",
            "scheduler");
    private static final Set<String> TIME_KEYS = Set.of("scale", "shift", "reverse");
    private static final Gson GSON =
            new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create();

    private final Path path;
    private final String description;
    private final List<ModelSpec> models;

    private Manifest(Path path, String description, List<ModelSpec> models) {
        this.path = path;
        this.description = description;
        this.models = List.copyOf(models);
    }

    public static Manifest read(Path path) {
        JsonObject root;
        try (Reader r = Files.newBufferedReader(path)) {
            JsonElement e = JsonParser.parseReader(r);
            if (!e.isJsonObject()) {
                throw new ModelLoadException(path, "a manifest must be a JSON object with a \"models\" array");
            }
            root = e.getAsJsonObject();
        } catch (NoSuchFileException e) {
            throw new ModelLoadException(path, "manifest file not found");
        } catch (IOException e) {
            throw new ModelLoadException(path, "cannot read manifest: " + e.getMessage(), e);
        } catch (JsonParseException e) {
            throw new ModelLoadException(path, "manifest is not valid JSON: " + e.getMessage(), e);
        }
        JsonElement arr = root.get("models");
        if (arr == null || !arr.isJsonArray()) {
            throw new ModelLoadException(path, "manifest needs a \"models\" array");
        }
        Path dir = path.toAbsolutePath().getParent();
        List<ModelSpec> specs = new ArrayList<>();
        Set<String> names = new HashSet<>();
        int i = 0;
        for (JsonElement el : arr.getAsJsonArray()) {
            ModelSpec s = parseEntry(path, dir, i++, el);
            if (!names.add(s.name())) {
                throw new ModelLoadException(path, "duplicate model name '" + s.name() + "'");
            }
            specs.add(s);
        }
        String description = root.has("description") ? string(path, root, "manifest", "description") : "";
        return new Manifest(path, description, specs);
    }

    /** One manifest entry, files resolved against {@code dir}; {@code source} names the file in errors. */
    public static ModelSpec parseEntry(Path source, Path dir, JsonElement el) {
        return parseEntry(source, dir, 0, el);
    }

    private static ModelSpec parseEntry(Path manifest, Path dir, int index, JsonElement el) {
        String where = "models[" + index + "]";
        if (!el.isJsonObject()) {
            throw new ModelLoadException(manifest, where + " must be an object");
        }
        JsonObject o = el.getAsJsonObject();
        for (String k : o.keySet()) {
            if (!ENTRY_KEYS.contains(k)) {
                throw new ModelLoadException(
                        manifest, where + ": unknown key '" + k + "'; allowed: " + new TreeSet<>(ENTRY_KEYS));
            }
        }
        try {
            if (!o.has("file")) {
                throw new ModelLoadException(manifest, where + " has no \"file\"");
            }
            Path file = dir.resolve(string(manifest, o, where, "file")).normalize();
            String name = o.has("name")
                    ? string(manifest, o, where, "name")
                    : ModelSpec.of(file).name();
            ModelFormat format = o.has("format")
                    ? ModelFormat.parse(string(manifest, o, where, "format"), "\"format\"")
                    : ModelFormat.fromPath(file);
            Shape shape = null;
            if (o.has("inputShape")) {
                shape = new Shape(longs(manifest, o, where, "inputShape"));
            }
            TimeMap time = null;
            if (o.has("time")) {
                JsonObject t = object(manifest, o, where, "time");
                for (String k : t.keySet()) {
                    if (!TIME_KEYS.contains(k)) {
                        throw new ModelLoadException(
                                manifest,
                                where + ".time: unknown key '" + k + "'; allowed: " + new TreeSet<>(TIME_KEYS));
                    }
                }
                time = new TimeMap(
                        t.has("scale") ? number(manifest, t, where + ".time", "scale") : 1,
                        t.has("shift") ? number(manifest, t, where + ".time", "shift") : 0,
                        t.has("reverse") && bool(manifest, t, where + ".time", "reverse"));
            }
            OutputKind output = o.has("output") ? OutputKind.parse(string(manifest, o, where, "output")) : null;
            double scale = o.has("outputScale") ? number(manifest, o, where, "outputScale") : 1.0;
            String schedule = o.has("schedule") ? string(manifest, o, where, "schedule") : null;
            List<String> inputNames = o.has("inputNames")
                    ? GSON.fromJson(
                            expect(manifest, o, where, "inputNames", JsonElement::isJsonArray, "an array of names"),
                            new TypeToken<List<String>>() {}.getType())
                    : null;
            Map<String, Object> tags = o.has("tags")
                    ? GSON.fromJson(
                            expect(manifest, o, where, "tags", JsonElement::isJsonObject, "an object"),
                            new TypeToken<LinkedHashMap<String, Object>>() {}.getType())
                    : null;
            Convention convention = null;
            if (o.has("convention") || o.has("scheduler")) {
                for (String own : List.of("output", "time")) {
                    if (o.has(own)) {
                        throw new ModelLoadException(
                                manifest,
                                where + ": \"" + own + "\" is for ksi's own convention; "
                                        + "with \"convention\" or \"scheduler\" the model's own schedule says how to "
                                        + "call it");
                    }
                }
                if (o.has("convention") && o.has("scheduler")) {
                    throw new ModelLoadException(manifest, where + ": give \"convention\" or \"scheduler\", not both");
                }
                convention = o.has("convention")
                        ? Conventions.parse(object(manifest, o, where, "convention"), "convention")
                        : Conventions.fromDiffusers(dir.resolve(string(manifest, o, where, "scheduler"))
                                .normalize());
            }
            return new ModelSpec(
                    name, file, format, shape, time, output, scale, schedule, inputNames, tags, convention);
        } catch (ModelLoadException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new ModelLoadException(manifest, where + ": " + e.getMessage(), e);
        }
    }

    // Typed reads of manifest fields: a wrong JSON type is named with the field and what was expected, instead of
    // surfacing as a Gson ClassCastException or IllegalStateException.

    private static JsonElement expect(
            Path manifest, JsonObject o, String where, String key, Predicate<JsonElement> ok, String what) {
        JsonElement e = o.get(key);
        if (e == null || !ok.test(e)) {
            throw new ModelLoadException(manifest, where + "." + key + " must be " + what + ", got " + e);
        }
        return e;
    }

    private static boolean isString(JsonElement e) {
        return e.isJsonPrimitive() && e.getAsJsonPrimitive().isString();
    }

    private static boolean isNumber(JsonElement e) {
        return e.isJsonPrimitive() && e.getAsJsonPrimitive().isNumber();
    }

    private static String string(Path manifest, JsonObject o, String where, String key) {
        return expect(manifest, o, where, key, Manifest::isString, "a string").getAsString();
    }

    private static double number(Path manifest, JsonObject o, String where, String key) {
        return expect(manifest, o, where, key, Manifest::isNumber, "a number").getAsDouble();
    }

    private static boolean bool(Path manifest, JsonObject o, String where, String key) {
        return expect(
                        manifest,
                        o,
                        where,
                        key,
                        e -> e.isJsonPrimitive() && e.getAsJsonPrimitive().isBoolean(),
                        "true or false")
                .getAsBoolean();
    }

    private static JsonObject object(Path manifest, JsonObject o, String where, String key) {
        return expect(manifest, o, where, key, JsonElement::isJsonObject, "an object")
                .getAsJsonObject();
    }

    private static long[] longs(Path manifest, JsonObject o, String where, String key) {
        String what = "an array of positive integers such as [1, 28, 28]";
        JsonArray a =
                expect(manifest, o, where, key, JsonElement::isJsonArray, what).getAsJsonArray();
        long[] out = new long[a.size()];
        for (int k = 0; k < out.length; k++) {
            JsonElement d = a.get(k);
            if (!isNumber(d) || d.getAsDouble() != Math.rint(d.getAsDouble()) || d.getAsDouble() < 1) {
                throw new ModelLoadException(manifest, where + "." + key + " must be " + what + ", got " + a);
            }
            out[k] = d.getAsLong();
        }
        return out;
    }

    /** Writes a manifest whose file entries are relative to its own folder. */
    public static void write(Path path, String description, List<ModelSpec> specs) {
        Path dir = path.toAbsolutePath().getParent();
        JsonObject root = new JsonObject();
        root.addProperty("description", description);
        JsonArray arr = new JsonArray();
        for (ModelSpec s : specs) {
            arr.add(toJson(s, dir));
        }
        root.add("models", arr);
        AtomicFiles.writeString(path, GSON.toJson(root) + "\n");
    }

    /** One manifest entry with its file relative to {@code dir}. */
    public static JsonObject toJson(ModelSpec s, Path dir) {
        {
            JsonObject o = new JsonObject();
            o.addProperty("name", s.name());
            o.addProperty(
                    "file",
                    dir.toAbsolutePath()
                            .relativize(s.file().toAbsolutePath().normalize())
                            .toString());
            if (s.inputShape() != null) {
                o.add("inputShape", GSON.toJsonTree(s.inputShape().getShape()));
            }
            if (!s.time().isIdentity()) {
                JsonObject t = new JsonObject();
                t.addProperty("scale", s.time().scale());
                t.addProperty("shift", s.time().shift());
                t.addProperty("reverse", s.time().reverse());
                o.add("time", t);
            }
            if (s.convention() != null) {
                o.add("convention", s.convention().describe());
            } else {
                o.addProperty("output", s.output().name().toLowerCase());
            }
            if (s.outputScale() != 1) {
                o.addProperty("outputScale", s.outputScale());
            }
            o.addProperty("schedule", s.schedule());
            o.add("tags", GSON.toJsonTree(s.tags()));
            if (!s.inputNames().equals(List.of("x", "t"))) {
                o.add("inputNames", GSON.toJsonTree(s.inputNames()));
            }
            return o;
        }
    }

    public Path path() {
        return path;
    }

    public String description() {
        return description;
    }

    public List<ModelSpec> models() {
        return models;
    }

    public ModelSpec get(String name) {
        return models.stream()
                .filter(m -> m.name().equals(name))
                .findFirst()
                .orElseThrow(() -> new ModelLoadException(
                        path,
                        "no model named '" + name + "'; the manifest has "
                                + models.stream().map(ModelSpec::name).toList()));
    }
}
