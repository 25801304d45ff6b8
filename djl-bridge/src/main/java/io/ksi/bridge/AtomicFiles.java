package io.ksi.bridge;

import java.awt.image.RenderedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.imageio.ImageIO;

/**
 * Every file ksi writes goes through here: the bytes go to a temporary file in the target's folder, which is flushed to
 * disk and renamed over the target only once complete. A write that fails midway (disk full, a file-size limit, an
 * exception while rendering) leaves the previous file byte for byte, and no temporary file behind; so does a JVM
 * stopped by SIGTERM (a shutdown hook deletes the temporaries still open). {@link Batch} extends this to several files
 * that must change together, such as an ensemble and its pictures.
 */
public final class AtomicFiles {
    /** Produces a file's bytes. */
    @FunctionalInterface
    public interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    private static final Set<Path> OPEN = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            for (Path p : OPEN) {
                                try {
                                    Files.deleteIfExists(p);
                                } catch (IOException ignored) {
                                    // the JVM is going down; nothing else to do with it
                                }
                            }
                        },
                        "ksi-temp-cleanup"));
    }

    private AtomicFiles() {}

    /** Writes {@code target} in one piece, creating its folder if needed. */
    public static void write(Path target, Content content) {
        try (Batch b = new Batch()) {
            b.stage(target, content);
            b.commit();
        }
    }

    public static void writeString(Path target, String text) {
        write(target, text(text));
    }

    /** UTF-8 text as {@link Content}. */
    public static Content text(String text) {
        return out -> out.write(text.getBytes(StandardCharsets.UTF_8));
    }

    public static void writeBytes(Path target, byte[] bytes) {
        write(target, out -> out.write(bytes));
    }

    public static void writePng(Path target, RenderedImage image) {
        write(target, pngOf(image));
    }

    /** The PNG encoding of an image as {@link Content}. */
    public static Content pngOf(RenderedImage image) {
        return out -> {
            if (!ImageIO.write(image, "png", out)) {
                throw new IOException("no PNG writer for this image");
            }
        };
    }

    /** The temporary files of writes in progress (for tests). */
    static Set<Path> open() {
        return Set.copyOf(OPEN);
    }

    /**
     * Files that appear together or not at all: {@link #stage} writes each to its temporary file, {@link #commit}
     * renames them all into place, {@link #close} deletes whatever was not committed. A failure while staging leaves
     * every target as it was.
     */
    public static final class Batch implements AutoCloseable {
        private final Map<Path, Path> staged = new LinkedHashMap<>();

        public Batch stage(Path target, Content content) {
            Path file = target.toAbsolutePath().normalize();
            if (staged.containsKey(file)) {
                throw new IllegalArgumentException(target + " is staged twice");
            }
            if (Files.isDirectory(file)) {
                throw new IllegalArgumentException("cannot write " + target + ": it is a folder; expected a file path");
            }
            Path tmp = null;
            try {
                Path folder = file.getParent();
                try {
                    Files.createDirectories(folder);
                } catch (FileAlreadyExistsException e) {
                    throw explained(e.getFile() + " is a file, not a folder", e);
                }
                try {
                    tmp = Files.createTempFile(folder, "." + file.getFileName() + ".", ".tmp");
                } catch (IOException e) {
                    // the temp file's own name would only confuse: say what the folder refused
                    String why = e instanceof AccessDeniedException
                            ? "permission denied"
                            : e instanceof NoSuchFileException ? "no such file or folder" : reason(e);
                    throw explained("cannot create a file in " + folder + ": " + why, e);
                }
                OPEN.add(tmp);
                permissions(tmp, file);
                try (OutputStream out = Files.newOutputStream(tmp)) {
                    content.writeTo(out);
                }
                // the rename below is atomic, but only data on disk survives a crash after it
                try (var channel = java.nio.channels.FileChannel.open(tmp, java.nio.file.StandardOpenOption.WRITE)) {
                    channel.force(true);
                }
                staged.put(file, tmp);
                return this;
            } catch (IOException e) {
                delete(tmp);
                throw failure(target, e);
            } catch (RuntimeException | Error e) {
                delete(tmp);
                throw e;
            }
        }

        /** Renames every staged file into place, in staging order. */
        public void commit() {
            List<Path> done = new ArrayList<>();
            for (Map.Entry<Path, Path> e : staged.entrySet()) {
                try {
                    move(e.getValue(), e.getKey());
                    OPEN.remove(e.getValue());
                    done.add(e.getKey());
                } catch (IOException ex) {
                    throw failure(e.getKey(), ex);
                }
            }
            done.forEach(staged::remove);
        }

        @Override
        public void close() {
            staged.values().forEach(AtomicFiles::delete);
            staged.clear();
        }
    }

    /** Our own wording of a failure; the original rides along as suppressed, not as the cause {@link #reason} reads. */
    private static IOException explained(String message, IOException original) {
        IOException e = new IOException(message);
        e.addSuppressed(original);
        return e;
    }

    /** Temporary files are private (0600); the result gets the permissions the target had, or rw-r--r--. */
    private static void permissions(Path tmp, Path target) throws IOException {
        if (!tmp.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            return;
        }
        Set<PosixFilePermission> p = Files.exists(target)
                ? Files.getPosixFilePermissions(target)
                : PosixFilePermissions.fromString("rw-r--r--");
        Files.setPosixFilePermissions(tmp, p);
    }

    private static void move(Path tmp, Path target) throws IOException {
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static void delete(Path tmp) {
        if (tmp == null) {
            return;
        }
        try {
            Files.deleteIfExists(tmp);
        } catch (IOException ignored) {
            // best effort: the temp name starts with '.' and ends with '.tmp', and the shutdown hook tries again
            return;
        }
        OPEN.remove(tmp);
    }

    /** "cannot write X: why", with the operating system's reason rather than an exception's class name. */
    static UncheckedIOException failure(Path target, IOException e) {
        return new UncheckedIOException("cannot write " + target + ": " + reason(e), e);
    }

    static String reason(IOException e) {
        // encoders wrap the system's reason ("I/O error writing PNG file!" around "File too large"): use the innermost
        Throwable inner = e;
        while (inner.getCause() instanceof IOException cause && cause != inner) {
            inner = cause;
        }
        if (inner != e) {
            return reason((IOException) inner);
        }
        if (e instanceof NoSuchFileException) {
            return "no such file or folder " + ((NoSuchFileException) e).getFile();
        }
        if (e instanceof AccessDeniedException a) {
            return "permission denied (" + a.getFile() + ")";
        }
        if (e instanceof FileSystemException f && f.getReason() != null) {
            return f.getReason() + (f.getFile() != null ? " (" + f.getFile() + ")" : "");
        }
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }
}
