package io.ksi.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * libtorch's oneDNN levers, read back from libtorch itself: the per-call switch, the process-wide instruction-set cap
 * (checked in child JVMs through oneDNN's own verbose log, since oneDNN reads its settings once per process), and the
 * choice of training kernels.
 */
class OneDnnTest {
    @Test
    void disabledScopesNestAndRestoreTheSwitch() throws Exception {
        assertTrue(OneDnn.enabled(), "libtorch starts with oneDNN on");
        try (AutoCloseable outer = OneDnn.disabled()) {
            assertFalse(OneDnn.enabled());
            AutoCloseable inner = OneDnn.disabled();
            assertFalse(OneDnn.enabled());
            inner.close();
            inner.close();
            assertFalse(OneDnn.enabled(), "the outer scope still holds it off, however often the inner one closes");
        }
        assertTrue(OneDnn.enabled(), "the last scope restores it");
    }

    @Test
    void nnpackCanBeSwitchedOffAndOneDnnStaysOn() {
        assertTrue(EngineSettings.withoutNnpack());
        assertFalse(LibTorchSwitch.find("NNPACK", "NNPACK", "").enabled(), "libtorch reads it back off");
        assertTrue(OneDnn.enabled(), "a different switch");
    }

    @Test
    void trainingKeepsOneDnnOnlyBelowAvx512() {
        assertTrue(OneDnn.TrainingKernels.choose("auto", null, false).onednn());
        assertTrue(OneDnn.TrainingKernels.choose("auto", "AVX2", true).onednn());
        assertTrue(OneDnn.TrainingKernels.choose("auto", "avx2", true).onednn(), "oneDNN reads the value in any case");
        assertFalse(OneDnn.TrainingKernels.choose("auto", null, true).onednn());
        assertFalse(OneDnn.TrainingKernels.choose("auto", "AVX512_CORE", true).onednn());
        assertFalse(OneDnn.TrainingKernels.choose("auto", "ALL", true).onednn());
        assertFalse(OneDnn.TrainingKernels.choose("aten", "AVX2", false).onednn());
        assertTrue(OneDnn.TrainingKernels.choose("onednn", null, true).onednn());
        String why = OneDnn.TrainingKernels.choose("auto", null, true).why();
        assertTrue(why.contains("ONEDNN_MAX_CPU_ISA=AVX2"), why);
        var e = assertThrows(IllegalArgumentException.class, () -> OneDnn.TrainingKernels.choose("mkl", null, true));
        assertTrue(e.getMessage().contains(OneDnn.TRAINING_KERNELS)
                && e.getMessage().contains("'mkl'"));
    }

    @Test
    void theSwitchKeepsConvolutionsOffOneDnn() throws Exception {
        List<String> on = primitives(Child.CONVOLVE, "");
        assertTrue(on.stream().anyMatch(l -> l.contains(",convolution,")), "oneDNN ran the convolution: " + on);
        List<String> off = primitives(Child.CONVOLVE_ATEN, "");
        assertTrue(off.stream().noneMatch(l -> l.contains(",convolution,")), "with oneDNN off: " + off);
    }

    @Test
    void aCapSetBeforeTheFirstModelHoldsForTheProcess() throws Exception {
        // this machine's ISA may be anything from AVX2 up: cap it below, at AVX, and see oneDNN's kernels follow
        List<String> capped = primitives(Child.CAP_THEN_CONVOLVE, "AVX");
        assertTrue(capped.contains("cap: AVX"), capped.toString());
        assertTrue(capped.contains("onednn_verbose,v1,info,cpu,isa:Intel AVX"), "oneDNN's own word: " + capped);
        assertTrue(capped.stream().anyMatch(l -> l.contains(",convolution,")), capped.toString());
        assertTrue(capped.stream().noneMatch(l -> l.contains("avx2") || l.contains("avx512")), capped.toString());
        List<String> late = primitives(Child.CONVOLVE_THEN_CAP, "AVX");
        assertTrue(late.contains("cap: null"), "too late once a model ran: " + late);
    }

    /** The ISA and primitives a child JVM's oneDNN reported (ONEDNN_VERBOSE=1), and the lines the child printed. */
    private static List<String> primitives(String what, String isa) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-Dai.djl.offline=true",
                        "-cp",
                        System.getProperty("java.class.path"),
                        Child.class.getName(),
                        what,
                        isa)
                .redirectErrorStream(true);
        pb.environment().put("ONEDNN_VERBOSE", "1");
        pb.environment().remove("ONEDNN_MAX_CPU_ISA");
        pb.environment().remove("DNNL_MAX_CPU_ISA");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        return out.lines()
                .filter(l -> l.startsWith("onednn_verbose,v1,primitive,exec,")
                        || l.startsWith("onednn_verbose,v1,info,cpu,isa:")
                        || l.startsWith("cap: "))
                .toList();
    }

    /** Runs one 3x3 convolution of a batch of 16 (oneDNN's territory) in the way its argument names. */
    public static final class Child {
        static final String CONVOLVE = "convolve";
        static final String CONVOLVE_ATEN = "convolve-aten";
        static final String CAP_THEN_CONVOLVE = "cap-then-convolve";
        static final String CONVOLVE_THEN_CAP = "convolve-then-cap";

        public static void main(String[] args) throws Exception {
            String isa = args.length > 1 ? args[1] : "";
            if (args[0].equals(CAP_THEN_CONVOLVE)) {
                System.out.println("cap: " + OneDnn.capIsa(isa));
            }
            if (args[0].equals(CONVOLVE_ATEN)) {
                try (AutoCloseable off = OneDnn.disabled()) {
                    convolve();
                }
            } else {
                convolve();
            }
            if (args[0].equals(CONVOLVE_THEN_CAP)) {
                System.out.println("cap: " + OneDnn.capIsa(isa));
            }
        }

        private static void convolve() {
            try (NDManager m = NDManager.newBaseManager("PyTorch")) {
                NDArray x = m.ones(new Shape(16, 8, 12, 12));
                NDArray w = m.ones(new Shape(8, 8, 3, 3));
                NDArray y = Conv2d.conv2d(x, w).singletonOrThrow();
                System.out.println("sum " + y.sum().getFloat());
            }
        }
    }
}
