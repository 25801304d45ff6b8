package io.ksi.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.ksi.bridge.Npy;
import io.ksi.models.data.RealImages;
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
        Matcher m = Pattern.compile(Pattern.quote(name) + " (-?[0-9.]+)").matcher(out);
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
        assertTrue(number(real.out(), "recognized (confidence > 0.9)") > 0.8, real.out());
        assertTrue(number(real.out(), "class entropy") > 2.2, real.out());
        BadInputTest.Result fake = BadInputTest.run("eval", "--samples", noise.toString());
        assertEquals(0, fake.code(), fake.err());
        // noise fools the confidence (the judge calls it an 8) but not FID or the class entropy
        assertTrue(number(fake.out(), "FID") > 1000, fake.out());
        assertTrue(number(fake.out(), "class entropy") < 0.5, fake.out());
        // the oracle's likelihood (first 64 samples): real digits far above clipped noise
        double realLl = number(real.out(), "oracle log-likelihood");
        double fakeLl = number(fake.out(), "oracle log-likelihood");
        assertTrue(realLl > 0.5 && fakeLl < realLl - 1, "digits " + realLl + " vs noise " + fakeLl);
        BadInputTest.Result bad = BadInputTest.run("eval", "--samples", noise.toString(), "--pixels", "0,255");
        assertEquals(1, bad.code());
        assertTrue(bad.err().contains("--pixels must be -1,1 or 0,1, got '0,255'"), bad.err());
    }
}
