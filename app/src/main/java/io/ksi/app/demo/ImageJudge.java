package io.ksi.app.demo;

import ai.djl.ndarray.types.Shape;
import io.ksi.bridge.Classifier;
import io.ksi.ensemble.metrics.ClassifierScores;
import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * One of the project's judges (models/judge: the MNIST digit classifier, the emoji category classifier) with the
 * held-out images' features computed once: scores a sample set the way the field does, and puts an error bar on its FID
 * by resampling the set.
 */
final class ImageJudge implements AutoCloseable {
    static final Shape MNIST = new Shape(1, 28, 28);

    /** The scores of one set and the standard deviation of its FID over bootstrap resamples of the set. */
    record Verdict(ClassifierScores.Scores scores, double fidError) {}

    private final Classifier classifier;
    private final Shape image;
    private final float[][] reference;

    /** The judge's classifier, the real images its FID compares against, and the shape of one image. */
    ImageJudge(Path judge, float[] heldOut, Shape image) {
        this.classifier = new Classifier(judge);
        this.image = image;
        this.reference = classifier.classify(heldOut, image, 256).features();
    }

    Verdict judge(float[] samples, int bootstrap, long seed) {
        Classifier.Output out = classifier.classify(samples, image, 256);
        ClassifierScores.Scores s = ClassifierScores.of(out.probabilities(), out.features(), reference, samples);
        return new Verdict(s, bootstrap < 2 ? Double.NaN : fidSpread(out.features(), bootstrap, seed));
    }

    private double fidSpread(float[][] features, int resamples, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int n = features.length;
        double sum = 0;
        double sumSq = 0;
        for (int b = 0; b < resamples; b++) {
            float[][] pick = new float[n][];
            for (int i = 0; i < n; i++) {
                pick[i] = features[r.nextInt(n)];
            }
            double f = ClassifierScores.fid(pick, reference);
            sum += f;
            sumSq += f * f;
        }
        double mean = sum / resamples;
        return Math.sqrt(Math.max(0, (sumSq - resamples * mean * mean) / (resamples - 1)));
    }

    @Override
    public void close() {
        classifier.close();
    }
}
