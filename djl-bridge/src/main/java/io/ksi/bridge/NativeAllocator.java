package io.ksi.bridge;

import java.util.Optional;

/**
 * The native allocator's settings, which decide how fast small models run on CPU. By default glibc gives every thread
 * but the first its own arena of at most 64 MiB and hands freed memory back to the kernel almost at once, so each model
 * call faults its activations in afresh: measured on the demo, 23% of CPU time went to the kernel, and TorchScript
 * models ran 1.3-1.5x slower than with {@link #RECOMMENDED} (docs/benchmarks.md, "Native allocator"). The setting is
 * read by the C library when the process starts, so it can only be given from outside the JVM: the {@code ksi} launcher
 * and the Maven test runs set it; other JVMs need it in their environment.
 */
public final class NativeAllocator {
    /** Up to 256 MiB kept free instead of returned to the kernel, allocations up to 32 MiB from the heap, one arena. */
    public static final String RECOMMENDED =
            "glibc.malloc.trim_threshold=268435456:glibc.malloc.mmap_threshold=33554432:glibc.malloc.arena_max=1";

    static final String VARIABLE = "GLIBC_TUNABLES";

    private NativeAllocator() {}

    /** A one-line hint when this process runs on Linux with the allocator's defaults; empty otherwise. */
    public static Optional<String> advice() {
        return advice(System.getProperty("os.name", ""), System.getenv(VARIABLE));
    }

    static Optional<String> advice(String os, String tunables) {
        if (!os.toLowerCase(java.util.Locale.ROOT).contains("linux") || isTuned(tunables)) {
            return Optional.empty();
        }
        return Optional.of(
                "ksi: native allocator at glibc's defaults, TorchScript models run up to 1.5x slower on CPU; start "
                        + "the JVM with "
                        + VARIABLE + "=" + RECOMMENDED
                        + " (the ksi launcher does; see docs/benchmarks.md, \"Native allocator\")");
    }

    /** Whether the trim threshold was set: without it every other setting leaves most of the slowdown in place. */
    static boolean isTuned(String tunables) {
        return tunables != null && tunables.contains("glibc.malloc.trim_threshold=");
    }

    /** For logs: "tuned" or "glibc defaults" (Linux), "n/a" elsewhere. */
    public static String describe() {
        if (!System.getProperty("os.name", "")
                .toLowerCase(java.util.Locale.ROOT)
                .contains("linux")) {
            return "n/a";
        }
        return isTuned(System.getenv(VARIABLE)) ? "tuned" : "glibc defaults";
    }
}
