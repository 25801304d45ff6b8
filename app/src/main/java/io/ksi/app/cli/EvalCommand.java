package io.ksi.app.cli;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.ksi.bridge.Classifier;
import io.ksi.bridge.Npy;
import io.ksi.ensemble.metrics.ClassifierScores;
import io.ksi.ensemble.metrics.Mmd;
import io.ksi.ensemble.metrics.PrecisionRecall;
import io.ksi.models.data.Dataset;
import io.ksi.models.data.RealImages;
import io.ksi.models.oracle.OracleLikelihood;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
        mixinStandardHelpOptions = true,
        name = "eval",
        description =
                "Judge MNIST-like samples the way the field does: FID in the project's classifier's feature space "
                        + "against held-out digits, mean confidence, share recognized (confidence > 0.9), class "
                        + "entropy, "
                        + "mean ink, and pixel-space MMD and precision/recall.")
final class EvalCommand implements Callable<Integer> {
    private static final Shape IMAGE = new Shape(1, 28, 28);

    @Option(names = "--samples", required = true, description = "samples .npy [N, 1, 28, 28]")
    Path samples;

    @Option(
            names = "--pixels",
            defaultValue = "-1,1",
            description =
                    "pixel scale of the samples: -1,1 (what ksi sample writes) or 0,1 (default: ${DEFAULT-VALUE})")
    String pixels;

    @Option(
            names = "--reference",
            description =
                    "reference images (default: data/real/mnist/heldout-images-idx3-ubyte.gz of the ksi checkout, "
                            + "the 1,000 held-out MNIST digits)")
    Path reference;

    @Option(
            names = "--judge",
            description = "classifier returning (logits, features) (default: models/judge/mnist_judge.pt of the ksi "
                    + "checkout, 97.4%% accurate on the held-out digits)")
    Path judge;

    @Option(
            names = "--oracle",
            description = "velocity model whose probability flow scores the samples' log-likelihood (default:"
                    + " models/mnist/oracle/oracle-00.pt of the ksi checkout, the real-data demo's oracle)")
    Path oracle;

    @Option(
            names = "--likelihood-samples",
            defaultValue = "64",
            description = "the first this many samples are scored by the oracle (0: none) (default: ${DEFAULT-VALUE})")
    int likelihoodSamples;

    @Override
    public Integer call() {
        Checks.atLeast("--likelihood-samples", likelihoodSamples, 0);
        float[] x;
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            NDArray a = Npy.readFinite(m, samples);
            Shape s = a.getShape();
            if (s.dimension() != 4 || !s.slice(1).equals(IMAGE)) {
                throw new IllegalArgumentException(samples + ": expected samples [N, 1, 28, 28], got " + s);
            }
            x = a.toType(DataType.FLOAT32, false).toFloatArray();
        }
        switch (pixels.replace(" ", "")) {
            case "-1,1" -> {}
            case "0,1" -> {
                for (int i = 0; i < x.length; i++) {
                    x[i] = 2 * x[i] - 1;
                }
            }
            default -> throw new IllegalArgumentException("--pixels must be -1,1 or 0,1, got '" + pixels + "'");
        }
        Path root = reference == null || judge == null || oracle == null ? RealImages.root() : null;
        Path refFile = reference != null ? reference : root.resolve("data/real/mnist/heldout-images-idx3-ubyte.gz");
        Path judgeFile = judge != null ? judge : root.resolve("models/judge/mnist_judge.pt");
        Dataset ref = Dataset.load(refFile);
        float[] r = ref.toFloatArray();
        ClassifierScores.Scores js;
        try (Classifier c = new Classifier(judgeFile)) {
            Classifier.Output out = c.classify(x, IMAGE, 256);
            Classifier.Output refOut = c.classify(r, IMAGE, 256);
            js = ClassifierScores.of(out.probabilities(), out.features(), refOut.features(), x);
        }
        int d = (int) IMAGE.size();
        String likelihood = "";
        int n = Math.min(likelihoodSamples, x.length / d);
        if (n > 0) {
            Path oracleFile = oracle != null ? oracle : root.resolve("models/mnist/oracle/oracle-00.pt");
            try (OracleLikelihood o = new OracleLikelihood(oracleFile);
                    NDManager m = NDManager.newBaseManager("PyTorch")) {
                // the demo's protocol: 10 Heun steps, one probe, samples smoothed to t = 0.9 (OracleLikelihood)
                var ll = o.evaluate(m.create(Arrays.copyOf(x, n * d), new Shape(n).addAll(IMAGE)), 10, 1, 505, 0.9);
                likelihood = String.format(
                        Locale.ROOT,
                        "oracle log-likelihood %.3f ± %.3f bits/dim (first %d samples, %s)%n",
                        ll.bitsPerDim(),
                        ll.bitsPerDimError(),
                        n,
                        oracleFile.getFileName());
            }
        }
        double mmd = Mmd.squared(x, r, d, Mmd.bandwidths(r, d, 0.5, 1, 2));
        PrecisionRecall.Result pr = PrecisionRecall.compute(r, x, d, 3);
        System.out.printf(
                Locale.ROOT,
                "%s: %d samples against %d reference images (%s)%n"
                        + "FID %.2f | recognized (confidence > %.1f) %.3f | mean confidence %.3f | class entropy %.3f "
                        + "nats"
                        + " (uniform 2.303) | mean ink %.3f | MMD² %.4f | precision %.2f | recall %.2f%n"
                        + "predicted classes %s%n%s",
                samples,
                x.length / d,
                r.length / d,
                refFile.getFileName(),
                js.fid(),
                ClassifierScores.RECOGNIZED,
                js.recognized(),
                js.meanConfidence(),
                js.classEntropy(),
                js.meanInk(),
                mmd,
                pr.precision(),
                pr.recall(),
                Arrays.toString(js.classCounts()),
                likelihood);
        return 0;
    }
}
