package io.ksi.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class NativeAllocatorTest {
    @Test
    void advisesOnlyLinuxProcessesWithoutATrimThreshold() {
        Optional<String> untuned = NativeAllocator.advice("Linux", null);
        assertTrue(untuned.isPresent());
        assertTrue(untuned.get().contains("GLIBC_TUNABLES=" + NativeAllocator.RECOMMENDED), untuned.get());
        assertTrue(
                NativeAllocator.advice("Linux", "glibc.malloc.arena_max=1").isPresent(),
                "an arena limit alone leaves the faults");
        assertEquals(Optional.empty(), NativeAllocator.advice("Linux", NativeAllocator.RECOMMENDED));
        assertEquals(Optional.empty(), NativeAllocator.advice("Linux", "glibc.malloc.trim_threshold=1073741824"));
        assertEquals(Optional.empty(), NativeAllocator.advice("Mac OS X", null));
    }

    @Test
    void launcherAndTestRunsUseTheRecommendedSetting() throws IOException {
        Path root = Path.of("..").toAbsolutePath().normalize();
        assertTrue(Files.readString(root.resolve("ksi")).contains(NativeAllocator.RECOMMENDED), "ksi launcher");
        assertTrue(
                Files.readString(root.resolve("pom.xml"))
                        .contains("<GLIBC_TUNABLES>" + NativeAllocator.RECOMMENDED + "</GLIBC_TUNABLES>"),
                "surefire environment in the root pom");
    }

    /**
     * With the setting in effect, repeated model calls reuse the allocator's memory. Untuned, the activations are
     * faulted in afresh on every call: about 60 pages per sample at glibc's defaults, 314 in this loop with the trim
     * threshold pinned at its initial 128 KiB; tuned, none.
     */
    @Test
    void tunedModelCallsDoNotFaultMemoryInAfresh() {
        assumeTrue(MemoryProbe.minorPageFaults() >= 0, "needs /proc (Linux)");
        assertTrue(
                NativeAllocator.isTuned(System.getenv("GLIBC_TUNABLES")),
                "this test JVM runs without GLIBC_TUNABLES=" + NativeAllocator.RECOMMENDED
                        + " (the root pom sets it for Maven runs)");
        int batch = 256;
        int calls = 20;
        try (VelocityField f = ModelLoader.load(Fixtures.file("unet_tiny.pt"));
                NDManager base = NDManager.newBaseManager("PyTorch")) {
            NDArray x = base.randomNormal(new Shape(batch, 1, 28, 28));
            callRepeatedly(f, x, 3); // the engine, the graph executor and the heap reach their sizes
            long before = MemoryProbe.minorPageFaults();
            callRepeatedly(f, x, calls);
            double perSample = (MemoryProbe.minorPageFaults() - before) / (double) (batch * calls);
            // a GC or JIT burst in the JVM is a few hundred pages in all: far below 2 per sample over 5120 samples
            assertTrue(
                    perSample < 2, String.format("%.1f minor page faults per sample over %d calls", perSample, calls));
        }
    }

    private static void callRepeatedly(VelocityField f, NDArray x, int calls) {
        for (int k = 0; k < calls; k++) {
            try (NDManager step = x.getManager().newSubManager()) {
                x.tempAttach(step);
                f.evaluate(x, (k + 0.5) / calls);
            }
        }
    }
}
