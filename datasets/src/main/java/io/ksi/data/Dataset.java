package io.ksi.data;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.ksi.bridge.Npy;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import javax.imageio.ImageIO;

/**
 * Samples of a target distribution held in Java memory as float32 rows: [N, ...sampleShape]. Images from PNG folders
 * are grayscale scaled to [-1, 1] with shape [N, 1, H, W].
 */
public final class Dataset {
    private final float[] values;
    private final Shape sampleShape;
    private final int size;

    public Dataset(float[] values, Shape sampleShape) {
        long d = sampleShape.size();
        if (d <= 0 || values.length % d != 0) {
            throw new IllegalArgumentException(
                    "values of length " + values.length + " do not split into samples of shape " + sampleShape);
        }
        this.values = values;
        this.sampleShape = sampleShape;
        this.size = (int) (values.length / d);
        for (float v : values) {
            if (!Float.isFinite(v)) {
                throw new IllegalArgumentException("dataset holds NaN/Inf values");
            }
        }
    }

    public static Dataset of(NDArray a) {
        Shape s = a.getShape();
        if (s.dimension() < 2) {
            throw new IllegalArgumentException("data must have a sample axis and at least one more, got shape " + s);
        }
        return new Dataset(a.toType(DataType.FLOAT32, false).toFloatArray(), s.slice(1));
    }

    /**
     * A .npy array [N, ...], an IDX image file (plain or .gz: the MNIST family's grey [N, H, W], or colour [N, C, H, W]
     * as data/real/emoji holds) or a folder of PNG images.
     */
    public static Dataset load(Path path) {
        if (Files.isDirectory(path)) {
            return fromPngFolder(path);
        }
        String name = path.getFileName().toString();
        if (name.contains("idx3-ubyte") || name.contains("idx4-ubyte")) {
            return IdxReader.images(path);
        }
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            NDArray a = Npy.read(m, path);
            if (!a.getDataType().isFloating() && !a.getDataType().isInteger()) {
                throw new IllegalArgumentException(path + ": expected a numeric array, got " + a.getDataType());
            }
            Npy.requireFinite(a, path.toString());
            try {
                return of(a);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(path + ": " + e.getMessage(), e);
            }
        }
    }

    public static Dataset fromPngFolder(Path dir) {
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p ->
                            p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".png"))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
        if (files.isEmpty()) {
            throw new IllegalArgumentException(dir + ": no .png images in this folder");
        }
        int h = -1;
        int w = -1;
        float[] out = null;
        for (int i = 0; i < files.size(); i++) {
            BufferedImage img;
            try {
                img = ImageIO.read(files.get(i).toFile());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read image " + files.get(i), e);
            }
            if (img == null) {
                throw new IllegalArgumentException(files.get(i) + ": not a readable PNG");
            }
            if (out == null) {
                h = img.getHeight();
                w = img.getWidth();
                out = new float[files.size() * h * w];
            } else if (img.getHeight() != h || img.getWidth() != w) {
                throw new IllegalArgumentException(files.get(i) + ": is " + img.getWidth() + "x" + img.getHeight()
                        + ", the first image is " + w + "x" + h + "; all images must share one size");
            }
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    int rgb = img.getRGB(x, y);
                    double gray =
                            (0.299 * ((rgb >> 16) & 255) + 0.587 * ((rgb >> 8) & 255) + 0.114 * (rgb & 255)) / 255.0;
                    out[(i * h + y) * w + x] = (float) (2 * gray - 1);
                }
            }
        }
        return new Dataset(out, new Shape(1, h, w));
    }

    public int size() {
        return size;
    }

    public Shape sampleShape() {
        return sampleShape;
    }

    public int dimension() {
        return (int) sampleShape.size();
    }

    /** Rows {@code idx} as an array [idx.length, ...sampleShape] attached to {@code m}. */
    public NDArray rows(NDManager m, int[] idx) {
        int d = dimension();
        float[] buf = new float[idx.length * d];
        for (int i = 0; i < idx.length; i++) {
            System.arraycopy(values, idx[i] * d, buf, i * d, d);
        }
        return m.create(buf, new Shape(idx.length).addAll(sampleShape));
    }

    /** Rows [from, to) as a new dataset sharing nothing with this one. */
    public Dataset slice(int from, int to) {
        int d = dimension();
        float[] v = new float[(to - from) * d];
        System.arraycopy(values, from * d, v, 0, v.length);
        return new Dataset(v, sampleShape);
    }

    /** A copy of all values, row-major. */
    public float[] toFloatArray() {
        return values.clone();
    }

    public NDArray toArray(NDManager m) {
        return m.create(values.clone(), new Shape(size).addAll(sampleShape));
    }

    @Override
    public String toString() {
        return "Dataset[" + size + " x " + sampleShape + "]";
    }
}
