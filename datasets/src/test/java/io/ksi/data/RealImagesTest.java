package io.ksi.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

/** The shipped real datasets load with the documented sizes, split, scale and classes. */
class RealImagesTest {
    @Test
    void mnistHasItsDocumentedSplitAndEveryClass() {
        Dataset train = RealImages.MNIST_TRAIN.images();
        Dataset held = RealImages.MNIST_HELD_OUT.images();
        assertEquals(new Shape(1, 28, 28), train.sampleShape());
        assertEquals(1000, held.size());
        assertEquals(9000, train.size(), "the npm package's 10,000 digits less the held-out 1,000");
        int[] counts = new int[10];
        for (int c : RealImages.MNIST_HELD_OUT.labels()) {
            counts[c]++;
        }
        for (int c = 0; c < 10; c++) {
            assertEquals(100, counts[c], "held out of class " + c);
        }
        checkImages(train, RealImages.MNIST_TRAIN.labels(), 0.08, 0.20);
    }

    @Test
    void idxImageFilesLoadAsDatasetsWhereverDataIsTaken() {
        Dataset d = Dataset.load(RealImages.root().resolve("data/real/mnist/heldout-images-idx3-ubyte.gz"));
        assertEquals(1000, d.size());
        assertEquals(new Shape(1, 28, 28), d.sampleShape());
    }

    @Test
    void fashionMnistSubsetHasFiveHundredPerClass() {
        Dataset d = RealImages.FASHION_MNIST.images();
        int[] labels = RealImages.FASHION_MNIST.labels();
        assertEquals(5000, d.size());
        int[] counts = new int[10];
        for (int c : labels) {
            counts[c]++;
        }
        for (int c = 0; c < 10; c++) {
            assertEquals(500, counts[c], "class " + c);
        }
        checkImages(d, labels, 0.20, 0.45);
    }

    /** Values in [-1, 1] with a black background, mean ink in the band real digits/clothes have, classes mixed. */
    private static void checkImages(Dataset d, int[] labels, double inkLo, double inkHi) {
        float[] v = d.toFloatArray();
        double ink = 0;
        for (float x : v) {
            assertTrue(x >= -1 && x <= 1, "pixel " + x);
            ink += (x + 1) / 2;
        }
        ink /= v.length;
        assertTrue(ink > inkLo && ink < inkHi, "mean ink " + ink);
        assertEquals(d.size(), labels.length);
        boolean[] seen = new boolean[10];
        for (int i = 0; i < 100; i++) {
            seen[labels[i]] = true;
        }
        for (int c = 0; c < 10; c++) {
            assertTrue(seen[c], "every class within the first 100 (the files are shuffled): " + c);
        }
    }

    /**
     * The two vendors' emoji: 32x32 RGB on white, the same rows in the same order (labels equal), the split by emoji
     * with every category on both sides, and the vendors' art different pictures of the same emoji.
     */
    @Test
    void emojiOfBothVendorsShareRowsSplitAndCategories() {
        Dataset noto = RealImages.NOTO_TRAIN.images();
        Dataset twemoji = Dataset.load(RealImages.TWEMOJI_TRAIN.imagesFile());
        assertEquals(new Shape(3, 32, 32), noto.sampleShape());
        assertEquals(3275, noto.size());
        assertEquals(506, RealImages.NOTO_HELD_OUT.images().size());
        assertEquals(noto.size(), twemoji.size());
        assertArrayEquals(RealImages.NOTO_TRAIN.labels(), RealImages.TWEMOJI_TRAIN.labels());
        for (RealImages part : new RealImages[] {RealImages.NOTO_TRAIN, RealImages.NOTO_HELD_OUT}) {
            int[] counts = new int[RealImages.EMOJI_CATEGORIES.size()];
            for (int c : part.labels()) {
                counts[c]++;
            }
            for (int c = 0; c < counts.length; c++) {
                assertTrue(counts[c] > 0, part + " lacks " + RealImages.EMOJI_CATEGORIES.get(c));
            }
        }
        float[] a = noto.toFloatArray();
        float[] b = twemoji.toFloatArray();
        double white = 0;
        double differ = 0;
        for (int i = 0; i < a.length; i++) {
            assertTrue(a[i] >= -1 && a[i] <= 1, "pixel " + a[i]);
            white += a[i] > 0.98 ? 1 : 0;
            differ += Math.abs(a[i] - b[i]);
        }
        double whiteShare = white / a.length;
        assertTrue(whiteShare > 0.2 && whiteShare < 0.8, "composited on white: white share " + whiteShare);
        assertTrue(differ / a.length > 0.1, "two vendors' art, not one: mean |difference| " + differ / a.length);
    }
}
