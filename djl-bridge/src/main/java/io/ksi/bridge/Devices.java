package io.ksi.bridge;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.engine.StandardCapabilities;
import java.util.Locale;

/** Device choice: CPU by default, GPU when the loaded native library can use one, or what the user asks for. */
public final class Devices {
    private static final java.util.Map<ModelFormat, Boolean> GPU = new java.util.concurrent.ConcurrentHashMap<>();

    private Devices() {}

    public static Device resolve(String request, ModelFormat format) {
        String r = request == null ? "auto" : request.trim().toLowerCase(Locale.ROOT);
        if (r.equals("auto")) {
            return gpuAvailable(format) ? Device.gpu() : Device.cpu();
        }
        if (r.equals("cpu")) {
            return Device.cpu();
        }
        if (r.startsWith("gpu") || r.startsWith("cuda")) {
            if (!gpuAvailable(format)) {
                throw new IllegalStateException("device '" + request + "' requested, but " + format.engine()
                        + " sees no GPU on this machine (docs/gpu.md: how to point DJL at a CUDA build)");
            }
            int colon = r.indexOf(':');
            return colon < 0 ? Device.gpu() : Device.gpu(Integer.parseInt(r.substring(colon + 1)));
        }
        throw new IllegalArgumentException("unknown device '" + request + "': expected auto, cpu, gpu or gpu:N");
    }

    /** Asked once per engine: ONNX Runtime's probe logs a warning on CPU builds every time it is asked. */
    public static boolean gpuAvailable(ModelFormat format) {
        return GPU.computeIfAbsent(format, f -> {
            Engine e = Engine.getEngine(f.engine());
            return f == ModelFormat.ONNX ? e.hasCapability(StandardCapabilities.CUDA) : e.getGpuCount() > 0;
        });
    }

    /** One line for logs: engine versions, capabilities and the device "auto" picks. */
    public static String describe() {
        Engine pt = Engine.getEngine("PyTorch");
        return "PyTorch " + pt.getVersion() + " gpus=" + pt.getGpuCount() + " auto="
                + resolve("auto", ModelFormat.TORCHSCRIPT) + "; threads=" + EngineSettings.threads() + "; malloc="
                + NativeAllocator.describe();
    }
}
