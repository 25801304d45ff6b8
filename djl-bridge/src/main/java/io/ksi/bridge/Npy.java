package io.ksi.bridge;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/** NPY/NPZ files through DJL's numpy codec. */
public final class Npy {
    private Npy() {}

    /** Reads a .npy (one array) or the first array of a .npz. */
    public static NDArray read(NDManager manager, Path file) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(file + ": file not found (expected a .npy array)");
        }
        NDList list;
        try {
            list = NDList.decode(manager, Files.readAllBytes(file));
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot read", e);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(file + ": not a readable .npy/.npz file: " + e, e);
        }
        if (list.isEmpty()) {
            throw new IllegalArgumentException(file + ": holds no array");
        }
        return list.get(0);
    }

    /** Reads every array of a .npz, in file order, keeping their names. */
    public static NDList readAll(NDManager manager, Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return NDList.decode(manager, in);
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot read", e);
        }
    }

    /** Writes one array as .npy, in one piece ({@link AtomicFiles}). */
    public static void write(Path file, NDArray array) {
        AtomicFiles.write(file, content(array));
    }

    /** The .npy bytes of an array: DJL writes numpy's format inside .npz, so the single entry is unwrapped. */
    public static AtomicFiles.Content content(NDArray array) {
        byte[] npz = new NDList(array).encode(NDList.Encoding.NPZ);
        return out -> {
            try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(npz))) {
                ZipEntry e = zip.getNextEntry();
                if (e == null) {
                    throw new IllegalStateException("DJL wrote an empty npz");
                }
                zip.transferTo(out);
            }
        };
    }
}
