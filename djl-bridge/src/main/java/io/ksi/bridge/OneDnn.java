package io.ksi.bridge;

import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;

/**
 * oneDNN inside libtorch, for training: which kernels a training step's convolutions run on, and the two levers that
 * choose them, neither of which DJL exposes.
 *
 * <p>Why: on CPUs with AVX-512, libtorch 2.7.1's oneDNN training primitives gave NaN after the first optimizer step in
 * 18 of 24 cohort runs, at random, while {@code ONEDNN_MAX_CPU_ISA=AVX2} made every run pass (issue R). A training step
 * runs oneDNN for exactly its convolutions and deconvolutions (forward_training, backward_data, backward_weights, with
 * their reorders: {@code ONEDNN_VERBOSE=1} lists them), so training must not reach oneDNN's AVX-512 kernels. Inference
 * runs other primitives (forward_inference), which match PyTorch, and keeps the full ISA.
 *
 * <p>The levers: {@link #capIsa} caps oneDNN's instruction set for the whole process, which oneDNN reads once, at its
 * first primitive, so only a process that has not run a model yet can use it (a training command at its start);
 * training then keeps oneDNN's AVX2 kernels, the fast ones. {@link #disabled} switches oneDNN off per call
 * ({@code torch.backends.mkldnn.enabled} in Python): convolutions run on ATen's im2col and BLAS kernels, correct on
 * every CPU and about 2x slower here (the 8/16/32 cohort template, 100 Adam steps at batch 128: 10.5 s vs 18-23 s with
 * NNPACK off, as every command has it; 45 s while NNPACK was asked first). {@link #forTraining} picks: oneDNN where its
 * ISA is at most AVX2, ATen otherwise.
 */
public final class OneDnn {
    /** {@code ONEDNN_MAX_CPU_ISA} values that keep oneDNN off AVX-512 (and AMX, which implies it). */
    private static final Set<String> AT_MOST_AVX2 = Set.of("SSE41", "AVX", "AVX2", "AVX2_VNNI", "AVX2_VNNI_2");

    /** System property overriding the choice of {@link #forTraining}: auto (default), onednn or aten. */
    public static final String TRAINING_KERNELS = "ksi.train.kernels";

    private static final String CAP_HINT = "on an AVX-512 CPU, train with ONEDNN_MAX_CPU_ISA=AVX2 in the environment";

    private static final Object LOCK = new Object();
    private static LibTorchSwitch found;
    private static int holders;
    private static boolean before;

    private OneDnn() {}

    /** The kernels a training run's convolutions run on, and why. */
    public record TrainingKernels(boolean onednn, String why) {
        /**
         * @param forced {@value #TRAINING_KERNELS}: auto, onednn or aten
         * @param cap the {@code ONEDNN_MAX_CPU_ISA} in force, or null
         * @param avx512 whether the CPU has AVX-512
         */
        static TrainingKernels choose(String forced, String cap, boolean avx512) {
            switch (forced.trim().toLowerCase(Locale.ROOT)) {
                case "onednn":
                    return new TrainingKernels(true, "oneDNN (" + TRAINING_KERNELS + "=onednn)");
                case "aten":
                    return new TrainingKernels(false, "ATen (" + TRAINING_KERNELS + "=aten)");
                case "auto":
                    break;
                default:
                    throw new IllegalArgumentException("system property " + TRAINING_KERNELS + " is '" + forced
                            + "'; expected auto, onednn or aten");
            }
            if (cap != null && AT_MOST_AVX2.contains(cap.trim().toUpperCase(Locale.ROOT))) {
                return new TrainingKernels(true, "oneDNN, its instruction set capped at " + cap);
            }
            if (!avx512) {
                return new TrainingKernels(true, "oneDNN (the CPU has no AVX-512)");
            }
            return new TrainingKernels(
                    false,
                    "ATen, not oneDNN: oneDNN's AVX-512 training kernels give NaN at random; about 2x slower ("
                            + CAP_HINT + " before the JVM starts, for oneDNN's AVX2 kernels)");
        }
    }

    /** A training run's kernels, in force until it is closed. */
    public record TrainingScope(TrainingKernels kernels, AutoCloseable undo) implements AutoCloseable {
        @Override
        public void close() {
            try {
                undo.close();
            } catch (Exception e) {
                throw new IllegalStateException("cannot restore libtorch's oneDNN switch: " + e.getMessage(), e);
            }
        }
    }

    /**
     * Chooses a training run's convolution kernels ({@link TrainingKernels#choose}): oneDNN when its instruction set is
     * at most AVX2 (the CPU has no AVX-512, or {@code ONEDNN_MAX_CPU_ISA} caps it), else ATen's. The system property
     * {@value #TRAINING_KERNELS} = onednn or aten overrides the choice.
     */
    public static TrainingScope forTraining() {
        TrainingKernels k =
                TrainingKernels.choose(System.getProperty(TRAINING_KERNELS, "auto"), isaCap(), cpuHasAvx512());
        return new TrainingScope(k, k.onednn() ? () -> {} : disabled());
    }

    /**
     * For a process that trains: caps oneDNN at AVX2 ({@link #capIsa}), so that {@link #forTraining} keeps oneDNN's
     * fast kernels. Call it before the first model is loaded; later it changes nothing.
     */
    public static String capForTraining() {
        return capIsa("AVX2");
    }

    /**
     * Caps oneDNN's instruction set for this process (sets {@code ONEDNN_MAX_CPU_ISA}) if no model has run yet; a value
     * the user set is left alone.
     *
     * @param isa a {@code ONEDNN_MAX_CPU_ISA} value, such as AVX2
     * @return the cap now in force (the user's or this one), or null if libtorch was already loaded without one
     */
    static String capIsa(String isa) {
        synchronized (LOCK) {
            String set = isaCap();
            if (set != null) {
                return set;
            }
            if (libtorchLoaded()) {
                return null;
            }
            LibC.setenv("ONEDNN_MAX_CPU_ISA", isa);
            return isa;
        }
    }

    /** A scope with oneDNN off; closing it restores the previous setting once no other scope holds it off. */
    public static AutoCloseable disabled() {
        synchronized (LOCK) {
            LibTorchSwitch s = nativeSwitch();
            if (holders == 0) {
                before = s.enabled();
                s.set(false);
            }
            holders++;
        }
        java.util.concurrent.atomic.AtomicBoolean open = new java.util.concurrent.atomic.AtomicBoolean(true);
        return () -> {
            if (open.getAndSet(false)) { // a scope closed twice releases once
                release();
            }
        };
    }

    /** Whether libtorch will send the next convolution to oneDNN. */
    public static boolean enabled() {
        synchronized (LOCK) {
            return nativeSwitch().enabled();
        }
    }

    /** The instruction-set cap in this process's environment, or null. */
    private static String isaCap() {
        String set = LibC.getenv("ONEDNN_MAX_CPU_ISA");
        return set != null ? set : LibC.getenv("DNNL_MAX_CPU_ISA"); // the older name, which oneDNN still reads
    }

    private static boolean cpuHasAvx512() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("flags")) {
                    return line.contains(" avx512f");
                }
            }
            return false;
        } catch (IOException e) {
            // no /proc: assume the worst on x86, where oneDNN has AVX-512 kernels
            String arch = System.getProperty("os.arch");
            return arch.equals("amd64") || arch.equals("x86_64");
        }
    }

    private static boolean libtorchLoaded() {
        try {
            return Files.readString(Path.of("/proc/self/maps")).contains("libtorch_cpu");
        } catch (IOException e) {
            return true; // cannot tell: too late to cap, for all we know
        }
    }

    private static void release() {
        synchronized (LOCK) {
            if (holders == 0) {
                return;
            }
            holders--;
            if (holders == 0) {
                nativeSwitch().set(before);
            }
        }
    }

    private static LibTorchSwitch nativeSwitch() {
        if (found == null) {
            found = LibTorchSwitch.find("Mkldnn", "oneDNN", CAP_HINT);
        }
        return found;
    }

    /** The C library's environment, which oneDNN reads (Java's {@code System.getenv} is a copy taken at start). */
    private static final class LibC {
        private static final NativeLibrary C = NativeLibrary.getInstance("c");

        static String getenv(String name) {
            Pointer p = C.getFunction("getenv").invokePointer(new Object[] {name});
            return p == null ? null : p.getString(0);
        }

        static void setenv(String name, String value) {
            int rc = C.getFunction("setenv").invokeInt(new Object[] {name, value, 1});
            if (rc != 0) {
                throw new IllegalStateException("setenv " + name + "=" + value + " failed");
            }
        }
    }
}
