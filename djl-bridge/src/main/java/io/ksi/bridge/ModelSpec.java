package io.ksi.bridge;

import ai.djl.ndarray.types.Shape;
import io.ksi.bridge.convention.Convention;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Everything ksi needs to know about one velocity model: where it is, how to feed it, how to read it.
 *
 * @param name unique name within a model set
 * @param file the .pt or .onnx file
 * @param format from the extension
 * @param inputShape per-sample shape of x (no batch axis); -1 marks a free dimension; null when unknown
 * @param time map from ksi time to the model's time input
 * @param output what the model predicts
 * @param outputScale multiplies the raw output (after any conversion is applied by the ensemble)
 * @param schedule name of the interpolant schedule the model was trained with (used to convert noise/data outputs)
 * @param inputNames ONNX input names of x and t, in that order
 * @param tags free annotations (domain, training steps, ...)
 * @param convention how a checkpoint trained under another convention (DDPM, flow matching, EDM, score SDE) is called
 *     and read; null for ksi's own (time map, output kind and schedule above)
 */
public record ModelSpec(
        String name,
        Path file,
        ModelFormat format,
        Shape inputShape,
        TimeMap time,
        OutputKind output,
        double outputScale,
        String schedule,
        List<String> inputNames,
        Map<String, Object> tags,
        Convention convention) {
    public ModelSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(file, "file");
        format = format == null ? ModelFormat.fromPath(file) : format;
        time = time == null ? TimeMap.IDENTITY : time;
        output = output == null ? OutputKind.VELOCITY : output;
        schedule = schedule == null ? "linear" : schedule;
        inputNames = inputNames == null ? List.of("x", "t") : List.copyOf(inputNames);
        tags = tags == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(tags));
        if (inputNames.size() != 2) {
            throw new IllegalArgumentException(name + ": inputNames must name exactly x and t, got " + inputNames);
        }
        if (!Double.isFinite(outputScale) || outputScale == 0) {
            throw new IllegalArgumentException(name + ": outputScale must be finite and non-zero, got " + outputScale);
        }
    }

    /** A plain velocity model with the default conventions, named after its file. */
    public static ModelSpec of(Path file) {
        String base = file.getFileName().toString();
        int dot = base.lastIndexOf('.');
        return new ModelSpec(
                dot > 0 ? base.substring(0, dot) : base, file, null, null, null, null, 1.0, null, null, null, null);
    }

    public ModelSpec withName(String newName) {
        return new ModelSpec(
                newName, file, format, inputShape, time, output, outputScale, schedule, inputNames, tags, convention);
    }
}
