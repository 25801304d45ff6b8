package io.ksi.bridge;

import java.nio.file.Path;
import java.util.Locale;

/** Serialized model formats, told apart by file extension; each names the DJL engine that runs it. */
public enum ModelFormat {
    TORCHSCRIPT("PyTorch"),
    ONNX("OnnxRuntime");

    private final String engine;

    ModelFormat(String engine) {
        this.engine = engine;
    }

    /** The DJL engine name: always passed explicitly, since DJL would hand an .onnx file to libtorch. */
    public String engine() {
        return engine;
    }

    public static ModelFormat fromPath(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".pt") || name.endsWith(".pth") || name.endsWith(".torchscript")) {
            return TORCHSCRIPT;
        }
        if (name.endsWith(".onnx")) {
            return ONNX;
        }
        throw new ModelLoadException(
                file,
                "unknown model format: expected a TorchScript file (.pt, .pth, .torchscript)"
                        + " or an ONNX file (.onnx)");
    }
}
