package io.ksi.bridge;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ModelNotFoundException;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.NoopTranslator;
import ai.djl.util.PairList;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Loads velocity models through DJL Criteria with the engine always explicit. */
public final class ModelLoader {
    private ModelLoader() {}

    public static DjlVelocityField load(Path file) {
        return load(ModelSpec.of(file), LoadOptions.DEFAULT);
    }

    public static DjlVelocityField load(ModelSpec spec, LoadOptions options) {
        Path file = spec.file();
        if (!Files.isRegularFile(file)) {
            throw new ModelLoadException(
                    file, "model file not found" + (Files.isDirectory(file) ? " (it is a folder)" : ""));
        }
        EngineSettings.offline();
        Device device = Devices.resolve(options.device(), spec.format());
        Criteria.Builder<NDList, NDList> b = Criteria.builder()
                .setTypes(NDList.class, NDList.class)
                .optModelPath(file)
                .optEngine(spec.format().engine())
                .optDevice(device)
                .optTranslator(new NoopTranslator());
        if (spec.format() == ModelFormat.TORCHSCRIPT) {
            b.optOption("mapLocation", "true");
            if (options.trainable()) {
                b.optOption("trainParam", "true");
            }
        } else {
            // 20-40 sessions each with its own pool would oversubscribe the cores: share the global pool
            b.optOption("disablePerSessionThreads", "true");
            b.optOption("optLevel", "ALL_OPT");
        }
        ZooModel<NDList, NDList> model;
        try {
            model = b.build().loadModel();
        } catch (ModelNotFoundException | MalformedModelException | IOException | RuntimeException e) {
            throw new ModelLoadException(
                    file,
                    "cannot load as " + spec.format() + " (" + spec.format().engine() + "): " + rootMessage(e)
                            + hint(spec.format(), file),
                    e);
        }
        try {
            Shape shape = spec.format() == ModelFormat.ONNX ? checkOnnxInputs(spec, model) : spec.inputShape();
            DjlVelocityField field = new DjlVelocityField(spec, model, device, shape, options);
            if (options.warmup()) {
                field.warmup(options.maxBatch());
            }
            return field;
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
    }

    /** Loads every model, closing the ones already loaded if one fails. */
    public static List<DjlVelocityField> loadAll(List<ModelSpec> specs, LoadOptions options) {
        List<DjlVelocityField> out = new ArrayList<>();
        try {
            for (ModelSpec s : specs) {
                out.add(load(s, options));
            }
            return out;
        } catch (RuntimeException e) {
            out.forEach(DjlVelocityField::close);
            throw e;
        }
    }

    /** ONNX declares its inputs: check the names and take the per-sample shape from the graph when not given. */
    private static Shape checkOnnxInputs(ModelSpec spec, ZooModel<NDList, NDList> model) {
        PairList<String, Shape> inputs = model.describeInput();
        List<String> names = inputs.keys();
        for (String want : spec.inputNames()) {
            if (!names.contains(want)) {
                throw new ModelLoadException(
                        spec.file(),
                        "ONNX model has inputs " + names + " but no input named '" + want
                                + "'; set \"inputNames\": [x-name, t-name] in the manifest");
            }
        }
        Shape xShape = inputs.get(spec.inputNames().get(0));
        Shape declared = spec.inputShape();
        if (xShape == null || xShape.dimension() < 1) {
            return declared;
        }
        Shape graph = xShape.slice(1);
        if (declared != null
                && !DjlVelocityField.matches(new Shape(1).addAll(declared), graph)
                && !DjlVelocityField.matches(new Shape(1).addAll(graph), declared)) {
            throw new ModelLoadException(
                    spec.file(), "manifest inputShape " + declared + " does not match the ONNX graph's " + xShape);
        }
        return declared != null ? declared : graph;
    }

    private static String hint(ModelFormat format, Path file) {
        ModelFormat actual = ModelFormat.sniff(file);
        if (actual != null && actual != format) {
            return " — the file holds " + (actual == ModelFormat.ONNX ? "an ONNX model" : "a TorchScript archive")
                    + ", not " + format + ": name it " + (actual == ModelFormat.ONNX ? ".onnx" : ".pt")
                    + " or set \"format\": \"" + actual.name().toLowerCase(java.util.Locale.ROOT)
                    + "\" in the manifest";
        }
        return format == ModelFormat.TORCHSCRIPT
                ? " — expected a TorchScript archive written by torch.jit.save (not a state_dict, not ONNX)"
                : " — expected an ONNX graph written by torch.onnx.export";
    }

    static String rootMessage(Throwable e) {
        Throwable r = e;
        while (r.getCause() != null && r.getCause() != r) {
            r = r.getCause();
        }
        String m = r.getMessage() == null ? r.getClass().getSimpleName() : r.getMessage();
        int nl = m.indexOf('\n');
        return nl > 0 ? m.substring(0, nl) : m;
    }

    /**
     * The cause of a TorchScript error: libtorch puts 20-60 lines of interpreter traceback before it, and the line that
     * says what went wrong ("RuntimeError: ... expected input[...] to have 1 channels ...") last.
     */
    static String torchCause(String message) {
        if (message == null) {
            return "no message";
        }
        String[] lines = message.strip().split("\\R");
        if (lines.length == 1) {
            return lines[0];
        }
        String last = lines[lines.length - 1].strip();
        return last.startsWith("RuntimeError: ") ? last.substring("RuntimeError: ".length()) : last;
    }
}
