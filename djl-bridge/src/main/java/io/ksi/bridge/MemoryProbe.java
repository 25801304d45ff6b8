package io.ksi.bridge;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Native-memory observations for leak tests and benchmarks. */
public final class MemoryProbe {
    private static final long PAGE = 4096;

    private MemoryProbe() {
    }

    /** Arrays attached to a manager and its sub-managers. */
    public static int managedArrays(NDManager manager) {
        return manager.getManagedArrays().size();
    }

    /** Resident set size of this process in bytes (Linux), or -1 where /proc is not available. */
    public static long rssBytes() {
        try {
            String[] f = Files.readString(Path.of("/proc/self/statm")).trim().split("\\s+");
            return Long.parseLong(f[1]) * PAGE;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }
}
