package io.ksi.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.ksi.bridge.Npy;
import io.ksi.data.RealImages;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ksi eval with the project's judge: real digits score as digits, noise does not. */
class EvalCommandTest {
    @TempDir
    Path tmp;

    private static double number(String out, String name) {
        Matcher m = Pattern.compile(Pattern.quote(name) + "\\s+(-?[0-9.]+)").matcher(out);
        assertTrue(m.find(), name + " in " + out);
        return Double.parseDouble(m.group(1));
    }

    @Test
    void realDigitsScoreAsDigitsAndNoiseDoesNot() {
        Path digits = tmp.resolve("digits.npy");
        Path noise = tmp.resolve("noise.npy");
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            float[] train = RealImages.MNIST_TRAIN.images().toFloatArray();
            float[] v = Arrays.copyOf(train, 500 * 784);
            // [0, 1] pixels, as the demo's sample files hold them
            for (int i = 0; i < v.length; i++) {
                v[i] = (v[i] + 1) / 2;
            }
            Npy.write(digits, m.create(v, new Shape(500, 1, 28, 28)));
            Npy.write(noise, m.randomNormal(new Shape(500, 1, 28, 28)).clip(-1, 1));
        }
        BadInputTest.Result real = BadInputTest.run("eval", "--samples", digits.toString(), "--pixels", "0,1");
        assertEquals(0, real.code(), real.err());
        // measured 2026-12-03: FID 7.8 (500 train digits vs the 1,000 held out), 88% recognized, entropy 2.298
        assertTrue(number(real.out(), "FID") < 15, real.out());
        assertTrue(number(real.out(), "recognized (confidence > 0.9, in distribution)") > 0.8, real.out());
        assertTrue(number(real.out(), "class entropy (nats; uniform 2.303)") > 2.2, real.out());
        BadInputTest.Result fake = BadInputTest.run("eval", "--samples", noise.toString());
        assertEquals(0, fake.code(), fake.err());
        // noise fools the confidence (the judge calls it an 8) but not FID, the class entropy or the recognized share,
        // which counts only samples in distribution
        assertTrue(number(fake.out(), "FID") > 1000, fake.out());
        assertTrue(number(fake.out(), "class entropy (nats; uniform 2.303)") < 0.5, fake.out());
        assertTrue(number(fake.out(), "mean confidence") > 0.9, fake.out());
        assertEquals(0, number(fake.out(), "recognized (confidence > 0.9, in distribution)"), fake.out());
        // every score stands beside that of as many real digits
        assertTrue(fake.out().contains("real digits: 500 of train-images-idx3-ubyte.gz"), fake.out());
        // the oracle's likelihood (first 64 samples): real digits far above clipped noise
        double realLl = number(real.out(), "oracle log-likelihood");
        double fakeLl = number(fake.out(), "oracle log-likelihood");
        assertTrue(realLl > 0.5 && fakeLl < realLl - 1, "digits " + realLl + " vs noise " + fakeLl);
        BadInputTest.Result asMinusOneOne =
                BadInputTest.run("eval", "--samples", digits.toString(), "--likelihood-samples", "0");
        assertTrue(asMinusOneOne.err().contains("pixels on [0, 1]? they are read as [-1, 1]"), asMinusOneOne.err());
        BadInputTest.Result bad = BadInputTest.run("eval", "--samples", noise.toString(), "--pixels", "0,255");
        assertEquals(1, bad.code());
        assertTrue(bad.err().contains("--pixels must be -1,1 or 0,1, got '0,255'"), bad.err());
    }

    /** Bytes are refused, [N, 28, 28] is read, and a handful of samples get a word on FID beside the number. */
    @Test
    void pixelRangeShapesAndFewSamplesAreNamed() {
        Path bytes = tmp.resolve("bytes.npy");
        Path five = tmp.resolve("five.npy");
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            Npy.write(bytes, m.randomUniform(0, 255, new Shape(8, 28, 28)));
            Npy.write(five, m.randomUniform(-1, 1, new Shape(5, 28, 28)));
        }
        BadInputTest.Result b = BadInputTest.run("eval", "--samples", bytes.toString());
        assertEquals(1, b.code());
        assertTrue(
                b.err().contains("not pixels on [-1, 1] (0-255 bytes? divide by 255 and give --pixels 0,1)"), b.err());
        BadInputTest.Result f = BadInputTest.run("eval", "--samples", five.toString(), "--likelihood-samples", "0");
        assertEquals(0, f.code(), f.err());
        assertTrue(f.out().contains("5 samples are few for FID"), f.out());
        assertTrue(f.out().contains("real digits: 5 of"), f.out());
    }

    /**
     * Colour samples [N, 3, 32, 32] are judged against the held-out Noto emoji by the emoji judge: Twemoji art of the
     * same training emoji scores far nearer than noise, and the class entropy's scale is that of nine categories.
     */
    @Test
    void colourEmojiAreJudgedByTheEmojiJudge() {
        Path art = tmp.resolve("twemoji.npy");
        Path noise = tmp.resolve("noise.npy");
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            float[] v = Arrays.copyOf(RealImages.TWEMOJI_TRAIN.images().toFloatArray(), 256 * 3 * 32 * 32);
            Npy.write(art, m.create(v, new Shape(256, 3, 32, 32)));
            Npy.write(noise, m.randomUniform(-1, 1, new Shape(256, 3, 32, 32)));
        }
        BadInputTest.Result real = BadInputTest.run("eval", "--samples", art.toString(), "--likelihood-samples", "0");
        assertEquals(0, real.code(), real.err());
        assertTrue(real.out().contains("real emoji: 256 of noto-train-images-idx4-ubyte.gz"), real.out());
        BadInputTest.Result fake = BadInputTest.run("eval", "--samples", noise.toString(), "--likelihood-samples", "0");
        assertEquals(0, fake.code(), fake.err());
        double artFid = number(real.out(), "FID");
        double noiseFid = number(fake.out(), "FID");
        assertTrue(noiseFid > 5 * artFid, "another vendor's art " + artFid + " vs noise " + noiseFid);
        assertTrue(number(real.out(), "class entropy (nats; uniform 2.197)") > 1, real.out());
    }
}
