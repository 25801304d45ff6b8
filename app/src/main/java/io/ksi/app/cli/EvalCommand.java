package io.ksi.app.cli;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.ksi.bridge.Classifier;
import io.ksi.bridge.Npy;
import io.ksi.data.Dataset;
import io.ksi.data.RealImages;
import io.ksi.ensemble.metrics.ClassifierScores;
import io.ksi.ensemble.metrics.InDistribution;
import io.ksi.ensemble.metrics.Mmd;
import io.ksi.ensemble.metrics.PrecisionRecall;
import io.ksi.models.oracle.OracleLikelihood;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
        mixinStandardHelpOptions = true,
        name = "eval",
        description = "Judge image samples the way the field does: FID in the project's classifier's feature space "
                + "against held-out images, share recognized (confidence > 0.9 and in distribution), class "
                + "entropy, mean ink, and pixel-space MMD and precision/recall, each beside the same scores of"
                + " as many real images. MNIST-like samples [N, 1, 28, 28] are judged against the held-out"
                + " digits, colour samples [N, 3, 32, 32] against the held-out Noto emoji (ksi demo color).")
final class EvalCommand implements Callable<Integer> {
    /** What a sample file holds, by its shape, and the defaults that judge it. */
    enum Images {
        MNIST(
                new Shape(1, 28, 28),
                "real digits",
                "data/real/mnist/heldout-images-idx3-ubyte.gz",
                "models/judge/mnist_judge.pt",
                "models/mnist/oracle/oracle-00.pt",
                "data/real/mnist/train-images-idx3-ubyte.gz"),
        EMOJI(
                new Shape(3, 32, 32),
                "real emoji",
                "data/real/emoji/noto-heldout-images-idx4-ubyte.gz",
                "models/judge/emoji_judge.pt",
                "models/emoji/oracle/oracle-00.pt",
                "data/real/emoji/noto-train-images-idx4-ubyte.gz");

        final Shape shape;
        final String real;
        final String reference;
        final String judge;
        final String oracle;
        final String baseline;

        Images(Shape shape, String real, String reference, String judge, String oracle, String baseline) {
            this.shape = shape;
            this.real = real;
            this.reference = reference;
            this.judge = judge;
            this.oracle = oracle;
            this.baseline = baseline;
        }
    }

    /** The samples on [-1, 1] and what they are. */
    record Samples(float[] values, Images images) {}

    @Option(
            names = "--samples",
            required = true,
            description = "samples .npy [N, 1, 28, 28] or [N, 28, 28] (digits), or [N, 3, 32, 32] (colour emoji)")
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

    @Option(
            names = "--baseline",
            description =
                    "real images scored beside the samples, as many as the samples (a seeded draw): what a perfect"
                            + " generator would get at the same n (default:"
                            + " data/real/mnist/train-images-idx3-ubyte.gz of the ksi checkout, the 9,000 training"
                            + " digits)")
    Path baseline;

    /** Below this many samples FID is mostly its own estimation bias: said beside the number. */
    static final int FEW_FOR_FID = 256;

    /** A sample is in distribution if its nearest reference feature is as near as 99% of the references' own are. */
    static final double IN_DISTRIBUTION_QUANTILE = 0.99;

    @Override
    public Integer call() {
        Checks.atLeast("--likelihood-samples", likelihoodSamples, 0);
        boolean zeroOne = switch (pixels.replace(" ", "")) {
            case "-1,1" -> false;
            case "0,1" -> true;
            default -> throw new IllegalArgumentException("--pixels must be -1,1 or 0,1, got '" + pixels + "'");
        };
        Samples read = readSamples(samples, zeroOne);
        float[] x = read.values();
        Images kind = read.images();
        Shape image = kind.shape;
        int d = (int) image.size();
        int n = x.length / d;
        Path root = reference == null || judge == null || oracle == null || baseline == null ? RealImages.root() : null;
        Path refFile = reference != null ? reference : root.resolve(kind.reference);
        Path judgeFile = judge != null ? judge : root.resolve(kind.judge);
        Path baseFile = baseline != null ? baseline : root.resolve(kind.baseline);
        float[] r = Dataset.load(refFile).toFloatArray();
        float[] real = sameNumber(Dataset.load(baseFile).toFloatArray(), d, n);
        Judged sampled;
        Judged baselined;
        try (Classifier c = new Classifier(judgeFile)) {
            Classifier.Output refOut = c.classify(r, image, 256);
            InDistribution near = new InDistribution(refOut.features(), IN_DISTRIBUTION_QUANTILE);
            sampled = Judged.of(c, image, x, refOut, near, r);
            baselined = Judged.of(c, image, real, refOut, near, r);
        }
        PrintStream out = System.out;
        out.printf(
                Locale.ROOT,
                "%s: %d samples against %d reference images (%s)%n",
                samples,
                n,
                r.length / d,
                refFile.getFileName());
        out.printf(Locale.ROOT, "%-46s %12s %12s%n", "", "samples", kind.real);
        row(out, "FID", "%.2f", sampled.scores.fid(), baselined.scores.fid());
        row(
                out,
                "recognized (confidence > " + ClassifierScores.RECOGNIZED + ", in distribution)",
                "%.3f",
                sampled.recognized,
                baselined.recognized);
        row(out, "in distribution", "%.3f", sampled.inDistribution, baselined.inDistribution);
        row(out, "mean confidence", "%.3f", sampled.scores.meanConfidence(), baselined.scores.meanConfidence());
        int classes = sampled.scores.classCounts().length;
        row(
                out,
                String.format(Locale.ROOT, "class entropy (nats; uniform %.3f)", Math.log(classes)),
                "%.3f",
                sampled.scores.classEntropy(),
                baselined.scores.classEntropy());
        row(out, "mean ink", "%.3f", sampled.scores.meanInk(), baselined.scores.meanInk());
        out.printf(
                Locale.ROOT,
                "%-46s %12s %12s%n",
                "MMD² (unbiased; 0 within noise when negative)",
                mmd(sampled.mmd),
                mmd(baselined.mmd));
        row(out, "precision", "%.2f", sampled.precisionRecall.precision(), baselined.precisionRecall.precision());
        row(out, "recall", "%.2f", sampled.precisionRecall.recall(), baselined.precisionRecall.recall());
        out.printf("predicted classes %s%n", Arrays.toString(sampled.scores.classCounts()));
        out.printf(
                "%s: %d of %s (a seeded draw), what a perfect generator would score at this n%n",
                kind.real, real.length / d, baseFile.getFileName());
        if (n < FEW_FOR_FID) {
            out.printf(
                    Locale.ROOT,
                    "note: %d samples are few for FID (its estimation bias dominates below about %d): compare it only"
                            + " with the real column, which has the same n%n",
                    n,
                    FEW_FOR_FID);
        }
        int scored = Math.min(likelihoodSamples, n);
        if (scored > 0) {
            Path oracleFile = oracle != null ? oracle : root.resolve(kind.oracle);
            try (OracleLikelihood o = new OracleLikelihood(oracleFile);
                    NDManager m = NDManager.newBaseManager("PyTorch")) {
                // the demo's protocol: 10 Heun steps, one probe, samples smoothed to t = 0.9 (OracleLikelihood)
                var ll = o.evaluate(
                        m.create(Arrays.copyOf(x, scored * d), new Shape(scored).addAll(image)), 10, 1, 505, 0.9);
                out.printf(
                        Locale.ROOT,
                        "oracle log-likelihood %.3f ± %.3f bits/dim (first %d samples, %s)%n",
                        ll.bitsPerDim(),
                        ll.bitsPerDimError(),
                        scored,
                        oracleFile.getFileName());
            }
        }
        return 0;
    }

    /** One set's judgement: the classifier's scores, the in-distribution share, MMD² and precision/recall. */
    private record Judged(
            ClassifierScores.Scores scores,
            double recognized,
            double inDistribution,
            double mmd,
            PrecisionRecall.Result precisionRecall) {
        static Judged of(
                Classifier c, Shape image, float[] x, Classifier.Output refOut, InDistribution near, float[] r) {
            Classifier.Output out = c.classify(x, image, 256);
            boolean[] in = near.test(out.features());
            int inside = 0;
            for (boolean b : in) {
                inside += b ? 1 : 0;
            }
            int d = (int) image.size();
            return new Judged(
                    ClassifierScores.of(out.probabilities(), out.features(), refOut.features(), x),
                    InDistribution.recognized(out.probabilities(), in, ClassifierScores.RECOGNIZED),
                    (double) inside / in.length,
                    Mmd.squared(x, r, d, Mmd.bandwidths(r, d, 0.5, 1, 2)),
                    PrecisionRecall.compute(r, x, d, 3));
        }
    }

    private static void row(PrintStream out, String name, String format, double samples, double real) {
        out.printf(
                Locale.ROOT,
                "%-46s %12s %12s%n",
                name,
                String.format(Locale.ROOT, format, samples),
                String.format(Locale.ROOT, format, real));
    }

    private static String mmd(double v) {
        return v < 0 ? "~0" : String.format(Locale.ROOT, "%.4f", v);
    }

    /**
     * The samples on [-1, 1], from [N, 1, 28, 28] or [N, 28, 28], or [N, 3, 32, 32]; values that cannot be pixels of
     * the declared scale are refused, and pixels that look like the other scale are warned about.
     */
    static Samples readSamples(Path file, boolean zeroOne) {
        float[] x;
        Images kind;
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            NDArray a = Npy.readFinite(m, file);
            Shape s = a.getShape();
            if (s.dimension() == 3 && s.slice(1).equals(Images.MNIST.shape.slice(1))) {
                a = a.expandDims(1);
                s = a.getShape();
            }
            Shape one = s.slice(1);
            kind = s.dimension() != 4
                    ? null
                    : Arrays.stream(Images.values())
                            .filter(k -> k.shape.equals(one))
                            .findFirst()
                            .orElse(null);
            if (kind == null) {
                throw new IllegalArgumentException(file + ": expected samples [N, 1, 28, 28] or [N, 28, 28] (digits),"
                        + " or [N, 3, 32, 32] (colour emoji), got " + s);
            }
            if (s.get(0) < 2) {
                throw new IllegalArgumentException(
                        file + ": " + s.get(0) + " sample; FID and the rest need at least 2");
            }
            x = a.toType(DataType.FLOAT32, false).toFloatArray();
        }
        float lo = Float.POSITIVE_INFINITY;
        float hi = Float.NEGATIVE_INFINITY;
        for (float v : x) {
            lo = Math.min(lo, v);
            hi = Math.max(hi, v);
        }
        String span = String.format(Locale.ROOT, "values span [%.3g, %.3g]", lo, hi);
        // a sampler overshoots [-1, 1] a little; bytes (0-255) or another scale overshoot by far more
        if (hi > 4 || lo < (zeroOne ? -1 : -4)) {
            throw new IllegalArgumentException(
                    file + ": " + span + ", not pixels on " + (zeroOne ? "[0, 1]" : "[-1, 1]")
                            + (hi > 4 ? " (0-255 bytes? divide by 255 and give --pixels 0,1)" : ""));
        }
        if (!zeroOne && lo >= -0.05) {
            System.err.printf(
                    "ksi eval: warning: %s: %s: pixels on [0, 1]? they are read as [-1, 1] (give --pixels 0,1)%n",
                    file, span);
        } else if (zeroOne && lo < -0.5) {
            System.err.printf(
                    "ksi eval: warning: %s: %s: pixels on [-1, 1]? they are read as [0, 1] (drop --pixels 0,1)%n",
                    file, span);
        }
        if (zeroOne) {
            for (int i = 0; i < x.length; i++) {
                x[i] = 2 * x[i] - 1;
            }
        }
        return new Samples(x, kind);
    }

    /** n rows of {@code all} (rows of d values) in a seeded order, at most all of them. */
    static float[] sameNumber(float[] all, int d, int n) {
        int rows = all.length / d;
        int[] order = new java.util.SplittableRandom(0)
                .ints(0, Integer.MAX_VALUE)
                .limit(rows)
                .toArray();
        Integer[] idx = new Integer[rows];
        for (int i = 0; i < rows; i++) {
            idx[i] = i;
        }
        Arrays.sort(idx, (a, b) -> Integer.compare(order[a], order[b]));
        int k = Math.min(n, rows);
        float[] out = new float[k * d];
        for (int i = 0; i < k; i++) {
            System.arraycopy(all, idx[i] * d, out, i * d, d);
        }
        return out;
    }
}
