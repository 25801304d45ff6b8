package io.ksi.bridge;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/** NPY/NPZ files through DJL's numpy codec. */
public final class Npy {
    private Npy() {}

    /** {@link #read}, refusing NaN and infinities with {@link #requireFinite}: every command reads user arrays so. */
    public static NDArray readFinite(NDManager manager, Path file) {
        return requireFinite(read(manager, file), file.toString());
    }

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
            throw new IllegalArgumentException(
                    file + ": not a .npy or .npz array file (numpy.save / numpy.savez write them; " + e.getMessage()
                            + ")",
                    e);
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

    /**
     * Refuses NaN and infinities in an input array, naming the source, their count and the index of the first: bad
     * input is reported as such, before a model would report it as its own NaN output.
     */
    public static NDArray requireFinite(NDArray x, String what) {
        if (!x.getDataType().isFloating()) {
            return x;
        }
        float[] v = x.toType(DataType.FLOAT32, false).toFloatArray();
        int count = 0;
        int first = -1;
        for (int i = 0; i < v.length; i++) {
            if (!Float.isFinite(v[i])) {
                count++;
                if (first < 0) {
                    first = i;
                }
            }
        }
        if (count > 0) {
            throw new IllegalArgumentException(String.format(
                    Locale.ROOT,
                    "%s: %d of %d values are not finite (NaN or infinite), the first %s at index %s; expected finite "
                            + "numbers",
                    what,
                    count,
                    v.length,
                    v[first],
                    Arrays.toString(unravel(first, x.getShape().getShape()))));
        }
        return x;
    }

    private static long[] unravel(long flat, long[] shape) {
        long[] idx = new long[shape.length];
        for (int d = shape.length - 1; d >= 0; d--) {
            idx[d] = shape[d] == 0 ? 0 : flat % shape[d];
            flat = shape[d] == 0 ? flat : flat / shape[d];
        }
        return idx;
    }
}
