package io.ksi.bridge;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Fault injection: a write cut short leaves the previous file byte for byte and no temporary file behind. */
class AtomicFilesTest {
    private static final byte[] OLD = "the earlier output\n".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path dir;

    private List<Path> files() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().toList();
        }
    }

    @Test
    void aCompleteWriteReplacesTheFileWithOrdinaryPermissions() throws IOException {
        Path f = dir.resolve("sub/out.txt");
        AtomicFiles.writeString(f, "new");
        assertEquals("new", Files.readString(f));
        assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(f)));
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-rw----"));
        AtomicFiles.writeString(f, "newer");
        assertEquals("newer", Files.readString(f));
        assertEquals("rw-rw----", PosixFilePermissions.toString(Files.getPosixFilePermissions(f)), "kept");
        assertEquals(List.of(f), Files.list(f.getParent()).toList());
    }

    @Test
    void aStreamThatFailsMidwayLeavesThePreviousBytes() throws IOException {
        Path f = dir.resolve("e.json");
        Files.write(f, OLD);
        UncheckedIOException e = assertThrows(
                UncheckedIOException.class,
                () -> AtomicFiles.write(f, out -> {
                    out.write(new byte[100_000]);
                    // what the kernel says when a file-size limit (ulimit -f) or a full disk stops a write
                    throw new IOException("File too large");
                }));
        assertEquals("cannot write " + f + ": File too large", e.getMessage());
        assertArrayEquals(OLD, Files.readAllBytes(f));
        assertEquals(List.of(f), files(), "no temporary file left");
        assertEquals(0, AtomicFiles.open().size());
    }

    @Test
    void anExceptionWhileRenderingLeavesThePreviousBytes() throws IOException {
        Path f = dir.resolve("grid.png");
        Files.write(f, OLD);
        assertThrows(
                IllegalStateException.class,
                () -> AtomicFiles.write(f, out -> {
                    out.write(1);
                    throw new IllegalStateException("renderer failed");
                }));
        assertArrayEquals(OLD, Files.readAllBytes(f));
        assertEquals(List.of(f), files());
    }

    @Test
    void aBatchChangesAllItsFilesOrNone() throws IOException {
        Path a = dir.resolve("e.json");
        Path b = dir.resolve("e.eta.png");
        Files.write(a, OLD);
        Files.write(b, OLD);
        try (AtomicFiles.Batch batch = new AtomicFiles.Batch()) {
            batch.stage(a, AtomicFiles.text("new ensemble"));
            assertThrows(
                    UncheckedIOException.class,
                    () -> batch.stage(b, out -> {
                        throw new IOException("No space left on device");
                    }));
        }
        assertArrayEquals(OLD, Files.readAllBytes(a), "the first file waits for the second");
        assertArrayEquals(OLD, Files.readAllBytes(b));
        assertEquals(List.of(b, a), files());
        try (AtomicFiles.Batch batch = new AtomicFiles.Batch()) {
            batch.stage(a, AtomicFiles.text("A"))
                    .stage(b, AtomicFiles.text("B"))
                    .commit();
        }
        assertEquals("A", Files.readString(a));
        assertEquals("B", Files.readString(b));
        assertEquals(List.of(b, a), files());
    }

    @Test
    void unwritableTargetsSayWhy() throws IOException {
        Path folder = Files.createDirectories(dir.resolve("out.npy"));
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> AtomicFiles.writeString(folder, "x"));
        assertEquals("cannot write " + folder + ": it is a folder; expected a file path", e.getMessage());
        Path blocked = dir.resolve("file-not-folder");
        Files.write(blocked, OLD);
        UncheckedIOException u =
                assertThrows(UncheckedIOException.class, () -> AtomicFiles.writeString(blocked.resolve("x.npy"), "x"));
        assertTrue(u.getMessage().startsWith("cannot write " + blocked.resolve("x.npy") + ": "), u.getMessage());
        assertTrue(u.getMessage().length() > ("cannot write " + blocked.resolve("x.npy") + ": ").length() + 5);
    }

    /** A JVM stopped by SIGTERM while writing removes its temporary file and keeps the previous output. */
    @Test
    void sigtermWhileWritingLeavesNoTemporaryFile() throws Exception {
        Path f = dir.resolve("samples.npy");
        Files.write(f, OLD);
        Process p = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp",
                        System.getProperty("java.class.path"),
                        SlowWriter.class.getName(),
                        f.toString())
                .redirectErrorStream(true)
                .start();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            assertEquals("writing", r.readLine());
            assertTrue(files().size() == 2, "the temporary file exists while writing: " + files());
            p.destroy(); // SIGTERM
            assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        }
        assertEquals(143, p.exitValue(), "killed by SIGTERM");
        assertArrayEquals(OLD, Files.readAllBytes(f));
        assertEquals(List.of(f), files(), "the shutdown hook removed the temporary file");
    }

    /** Writes half a file, says so, then waits to be killed. */
    public static final class SlowWriter {
        public static void main(String[] args) {
            AtomicFiles.write(Path.of(args[0]), out -> {
                out.write(new byte[4096]);
                out.flush();
                System.out.println("writing");
                System.out.flush();
                try {
                    Thread.sleep(60_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
        }
    }
}
