package io.ksi.bridge;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Native-memory observations for leak tests and benchmarks. */
public final class MemoryProbe {
    private static final long PAGE = 4096;

    private MemoryProbe() {}

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

    /**
     * Minor page faults of this process so far (Linux), or -1 where /proc is not available: memory the kernel had to
     * hand out afresh, which is what an allocator that returns freed memory too eagerly costs (see NativeAllocator).
     */
    public static long minorPageFaults() {
        try {
            String stat = Files.readString(Path.of("/proc/self/stat"));
            // the command name in field 2 may hold spaces: count fields after its closing parenthesis (minflt is field
            // 10)
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
            return Long.parseLong(f[7]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }
}
