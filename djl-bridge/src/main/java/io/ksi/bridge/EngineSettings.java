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
     * §3). Loads the engine first: on a fresh JVM (a Spark executor) nothing else may have yet, and JNI calls before
     * the engine's native library is loaded fail with UnsatisfiedLinkError.
     */
    public static void inferenceOnThisThread() {
        Engine.getEngine("PyTorch");
        JniUtils.setGradMode(false);
    }

    /**
     * Turns NNPACK off. With oneDNN on, every CPU convolution of a batch goes to oneDNN before NNPACK is considered, so
     * NNPACK never ran here; but on CPUs it does not support, asking for it prints "Could not initialize NNPACK!
     * Reason: Unsupported hardware" into the user's log (issue R). Off, it is never asked.
     */
    public static boolean withoutNnpack() {
        try {
            LibTorchSwitch.find("NNPACK", "NNPACK off", "its notice may appear").set(false);
            return true;
        } catch (IllegalStateException | UnsatisfiedLinkError e) {
            return false; // a libtorch without the symbol: the notice may show, nothing else changes
        }
    }

    /** Never let DJL reach the network: every native library comes from the jars on the classpath. */
    public static void offline() {
        System.setProperty("ai.djl.offline", "true");
        System.setProperty("OPT_OUT_TRACKING", "true");
    }
}
