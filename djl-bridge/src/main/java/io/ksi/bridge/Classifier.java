package io.ksi.bridge;

import ai.djl.MalformedModelException;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ModelNotFoundException;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.NoopTranslator;
import ai.djl.translate.TranslateException;
import java.io.IOException;
import java.nio.file.Path;

/**
 * A TorchScript image classifier returning (logits [B, C], features [B, F]), such as the project's MNIST judge
 * (models/judge): class probabilities and the feature space of FID for a set of samples.
 */
public final class Classifier implements AutoCloseable {
    /** Softmax probabilities [N][C] and penultimate features [N][F] of N samples. */
    public record Output(float[][] probabilities, float[][] features) {}

    private final Path file;
    private final ZooModel<NDList, NDList> model;

    public Classifier(Path file) {
        this.file = file;
        try {
            model = Criteria.builder()
                    .setTypes(NDList.class, NDList.class)
                    .optModelPath(file)
                    .optEngine("PyTorch")
                    .optOption("mapLocation", "true")
                    .optTranslator(new NoopTranslator())
                    .build()
                    .loadModel();
        } catch (ModelNotFoundException | MalformedModelException | IOException | RuntimeException e) {
            throw new ModelLoadException(file, "cannot load the classifier: " + ModelLoader.rootMessage(e), e);
        }
    }

    /** Classifies {@code values} = N samples of {@code sampleShape}, {@code batch} at a time. */
    public Output classify(float[] values, Shape sampleShape, int batch) {
        int d = (int) sampleShape.size();
        int n = values.length / d;
        float[][] probs = new float[n][];
        float[][] feats = new float[n][];
        try (Predictor<NDList, NDList> p = model.newPredictor()) {
            for (int start = 0; start < n; start += batch) {
                int b = Math.min(batch, n - start);
                try (NDManager m = NDManager.newBaseManager("PyTorch")) {
                    float[] chunk = new float[b * d];
                    System.arraycopy(values, start * d, chunk, 0, b * d);
                    NDList out = p.predict(new NDList(m.create(chunk, new Shape(b).addAll(sampleShape))));
                    if (out.size() != 2) {
                        throw new ModelEvaluationException(
                                file.getFileName().toString(),
                                "-",
                                "a classifier returns (logits, features), got " + out.size() + " outputs");
                    }
                    rows(out.get(0).softmax(1), probs, start, b);
                    rows(out.get(1), feats, start, b);
                }
            }
        } catch (TranslateException e) {
            throw new ModelEvaluationException(
                    file.getFileName().toString(), "-", "classifier failed: " + ModelLoader.rootMessage(e), e);
        }
        return new Output(probs, feats);
    }

    private static void rows(NDArray a, float[][] into, int start, int b) {
        float[] all = a.toFloatArray();
        int width = all.length / b;
        for (int i = 0; i < b; i++) {
            into[start + i] = java.util.Arrays.copyOfRange(all, i * width, (i + 1) * width);
        }
    }

    @Override
    public void close() {
        model.close();
    }
}
