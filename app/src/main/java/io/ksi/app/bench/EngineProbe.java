package io.ksi.app.bench;

import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.translate.TranslateException;
import io.ksi.bridge.DjlVelocityField;
import io.ksi.bridge.ModelFormat;
import io.ksi.bridge.ModelSpec;

/**
 * A loaded model called through its engine's own Predictor, without ksi's conversions: the engine's speed, which the
 * bridge's overhead is measured against. Inputs are shaped and (for ONNX, which binds by name) named as the model's
 * spec says.
 */
final class EngineProbe implements AutoCloseable {
    private final Predictor<NDList, NDList> predictor;
    private final NDArray x;
    private final NDArray t;

    /** A batch of {@code batch} inputs on {@code m}, t = 0.5; the predictor belongs to the calling thread. */
    EngineProbe(DjlVelocityField model, NDManager m, int batch) {
        ModelSpec spec = model.spec();
        Shape shape = model.inputShape();
        if (shape == null || shape.size() < 0) {
            throw new IllegalArgumentException(
                    "model '" + spec.name() + "' declares no fixed input shape; give \"inputShape\" in its manifest");
        }
        this.predictor = model.djlModel().newPredictor();
        this.x = m.randomNormal(new Shape(batch).addAll(shape));
        this.t = m.full(new Shape(batch), 0.5f);
        if (spec.format() == ModelFormat.ONNX) {
            x.setName(spec.inputNames().get(0));
            t.setName(spec.inputNames().get(1));
        }
    }

    /** The probe's input x, to call the same model through ksi for comparison. */
    NDArray x() {
        return x;
    }

    /** One call, its output freed. */
    void call() {
        try (NDManager s = x.getManager().newSubManager()) {
            x.tempAttach(s);
            t.tempAttach(s);
            predictor.predict(new NDList(x, t)).close();
        } catch (TranslateException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        predictor.close();
    }
}
