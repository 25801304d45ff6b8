package io.ksi.bridge;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
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

    /** A manifest's "format": torchscript or onnx, in any case; anything else is named with what is allowed. */
    public static ModelFormat parse(String text, String where) {
        for (ModelFormat f : values()) {
            if (f.name().equalsIgnoreCase(text.trim())) {
                return f;
            }
        }
        throw new IllegalArgumentException(where + ": unknown model format '" + text
                + "'; expected torchscript or onnx (export other checkpoints, such as safetensors, to one of them:"
                + " models/python/export.py)");
    }

    /** The DJL engine name: always passed explicitly, since DJL would hand an .onnx file to libtorch. */
    public String engine() {
        return engine;
    }

    /**
     * The format the file's first bytes show, or null when neither: a TorchScript archive is a zip ("PK\3\4"), an ONNX
     * model a protobuf ModelProto whose first field is ir_version (tag 0x08). Used to name the mix-up when a file with
     * one format's extension holds the other.
     */
    public static ModelFormat sniff(Path file) {
        byte[] head = new byte[4];
        try (InputStream in = Files.newInputStream(file)) {
            if (in.readNBytes(head, 0, 4) < 4) {
                return null;
            }
        } catch (IOException e) {
            return null;
        }
        if (head[0] == 'P' && head[1] == 'K' && head[2] == 3 && head[3] == 4) {
            return TORCHSCRIPT;
        }
        return head[0] == 0x08 ? ONNX : null;
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
