package io.ksi.data;

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
}
