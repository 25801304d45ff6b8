package io.ksi.bridge;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;

/**
 * Process-wide engine settings. Thread counts are read by the engines when they start, so set them before the first
 * model is loaded; PyTorch's intra-op count can still be changed later, ONNX Runtime's cannot.
 */
public final class EngineSettings {
    private EngineSettings() {}

    /** Intra-op threads for both engines; 0 leaves the engines' defaults. */
    public static void setThreads(int n) {
        if (n <= 0) {
            return;
        }
        System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(n));
        System.setProperty("ai.djl.onnxruntime.num_threads", Integer.toString(n));
        System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
        Engine.getEngine("PyTorch");
        JniUtils.setNumThreads(n);
    }

    public static int threads() {
        Engine.getEngine("PyTorch");
        return JniUtils.getNumThreads();
    }

    /**
     * Inference only on the calling thread: libtorch's grad mode is per thread and on by default on new threads (pools
     * of ours or of an engine like Spark), where every model call would otherwise record a graph (docs/djl-notes.md
     * §3).
     */
    public static void inferenceOnThisThread() {
        JniUtils.setGradMode(false);
    }

    /** Never let DJL reach the network: every native library comes from the jars on the classpath. */
    public static void offline() {
        System.setProperty("ai.djl.offline", "true");
        System.setProperty("OPT_OUT_TRACKING", "true");
    }
}
