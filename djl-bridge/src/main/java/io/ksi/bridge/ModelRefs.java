package io.ksi.bridge;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Parses the model arguments the CLI accepts: a manifest ({@code m.json}), one entry of it ({@code m.json#name}), or a
 * comma-separated list mixing model files and such references ({@code a.pt,b.onnx,m.json#c}).
 */
public final class ModelRefs {
    private ModelRefs() {}

    public static List<ModelSpec> resolve(String refs) {
        if (refs == null || refs.isBlank()) {
            throw new IllegalArgumentException("no models given: expected a manifest.json, manifest.json#name,"
                    + " or a comma-separated list of .pt/.onnx files");
        }
        List<ModelSpec> out = new ArrayList<>();
        for (String ref : refs.split(",")) {
            out.addAll(resolveOne(ref.trim()));
        }
        List<String> names = out.stream().map(ModelSpec::name).toList();
        // two files with the same base name in different folders: keep both, with distinct names
        List<ModelSpec> unique = new ArrayList<>();
        for (int i = 0; i < out.size(); i++) {
            ModelSpec s = out.get(i);
            boolean clash = names.indexOf(s.name()) != names.lastIndexOf(s.name());
            unique.add(clash ? s.withName(s.name() + "#" + i) : s);
        }
        return unique;
    }

    private static List<ModelSpec> resolveOne(String ref) {
        int hash = ref.indexOf(".json#");
        if (hash >= 0) {
            Manifest m = Manifest.read(Path.of(ref.substring(0, hash + 5)));
            return List.of(m.get(ref.substring(hash + 6)));
        }
        if (ref.endsWith(".json")) {
            return Manifest.read(Path.of(ref)).models();
        }
        Path p = Path.of(ref);
        ModelFormat.fromPath(p);
        return List.of(ModelSpec.of(p));
    }
}
