package io.ksi.data;

import ai.djl.ndarray.types.Shape;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * Reads the IDX files of the MNIST family (MNIST, Fashion-MNIST, EMNIST, KMNIST), plain or gzipped, that users download
 * themselves, and the colour ones ksi ships: images (unsigned bytes, [N, H, W] or [N, C, H, W]) become a dataset [N, C,
 * H, W] scaled to [-1, 1]; label files ([N]) become int arrays.
 */
public final class IdxReader {
    private static final int UBYTE = 0x08;

    private IdxReader() {}

    /**
     * Images [N, H, W] (grey) or [N, C, H, W] (channel-first colour, as data/real/emoji holds) as a dataset [N, C, H,
     * W] scaled to [-1, 1].
     */
    public static Dataset images(Path file) {
        Idx idx = read(file);
        if (idx.dims.length != 3 && idx.dims.length != 4) {
            throw new IllegalArgumentException(file + ": expected an image file [N, H, W] or [N, C, H, W], found "
                    + idx.dims.length + " dimensions");
        }
        float[] v = new float[idx.data.length];
        for (int i = 0; i < v.length; i++) {
            v[i] = (idx.data[i] & 0xFF) / 127.5f - 1f;
        }
        return idx.dims.length == 3
                ? new Dataset(v, new Shape(1, idx.dims[1], idx.dims[2]))
                : new Dataset(v, new Shape(idx.dims[1], idx.dims[2], idx.dims[3]));
    }

    /** EMNIST stores images transposed; this flips them back to upright. */
    public static Dataset imagesTransposed(Path file) {
        Dataset d = images(file);
        Shape s = d.sampleShape();
        int h = (int) s.get(1);
        int w = (int) s.get(2);
        float[] in = d.toFloatArray();
        float[] out = new float[in.length];
        for (int n = 0; n < d.size(); n++) {
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    out[n * h * w + x * h + y] = in[n * h * w + y * w + x];
                }
            }
        }
        return new Dataset(out, new Shape(1, w, h));
    }

    public static int[] labels(Path file) {
        Idx idx = read(file);
        if (idx.dims.length != 1) {
            throw new IllegalArgumentException(
                    file + ": expected a label file [N], found " + idx.dims.length + " dimensions");
        }
        int[] out = new int[idx.data.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = idx.data[i] & 0xFF;
        }
        return out;
    }

    private record Idx(int[] dims, byte[] data) {}

    private static Idx read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(
                    file + ": file not found (expected an IDX file such as train-images-idx3-ubyte.gz)");
        }
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(file))) {
            raw.mark(2);
            int b0 = raw.read();
            int b1 = raw.read();
            raw.reset();
            InputStream in = b0 == 0x1f && b1 == 0x8b ? new GZIPInputStream(raw) : raw;
            DataInputStream data = new DataInputStream(in);
            int magic = data.readInt();
            if ((magic >>> 16) != 0 || ((magic >> 8) & 0xFF) != UBYTE) {
                throw new IllegalArgumentException(file + ": not an unsigned-byte IDX file (magic 0x"
                        + Integer.toHexString(magic) + ", expected 0x0000080N)");
            }
            int[] dims = new int[magic & 0xFF];
            long total = 1;
            for (int i = 0; i < dims.length; i++) {
                dims[i] = data.readInt();
                total *= dims[i];
            }
            if (total > Integer.MAX_VALUE) {
                throw new IllegalArgumentException(file + ": too large for one array");
            }
            byte[] body = new byte[(int) total];
            data.readFully(body);
            return new Idx(dims, body);
        } catch (EOFException e) {
            throw new IllegalArgumentException(file + ": truncated IDX file (fewer bytes than its header declares)", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
