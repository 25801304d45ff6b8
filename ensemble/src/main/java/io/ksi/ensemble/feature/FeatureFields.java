package io.ksi.ensemble.feature;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.ksi.bridge.DjlVelocityField;
import io.ksi.bridge.LoadOptions;
import io.ksi.bridge.ModelEvaluationException;
import io.ksi.bridge.ModelFormat;
import io.ksi.bridge.ModelLoader;
import io.ksi.bridge.ModelSpec;
import io.ksi.bridge.Workers;
import io.ksi.ensemble.interpolant.Schedules;
import java.util.ArrayList;
import java.util.List;

/** Builds the feature fields of a fit from model references. */
public final class FeatureFields {
    private FeatureFields() {}

    /** Loads every model as a field; closes the ones loaded so far if one fails. */
    public static List<FeatureField> load(List<ModelSpec> specs, LoadOptions options) {
        checkSchedules(specs);
        List<FeatureField> out = new ArrayList<>();
        try {
            for (DjlVelocityField f : ModelLoader.loadAll(specs, options)) {
                out.add(ModelField.of(f));
            }
            return out;
        } catch (RuntimeException e) {
            out.forEach(FeatureField::close);
            throw e;
        }
    }

    /**
     * Every entry's "schedule" names a ksi schedule (the manifest reader, below the library, cannot know the registry):
     * refused before any model is loaded, naming the entry.
     */
    public static void checkSchedules(List<ModelSpec> specs) {
        for (ModelSpec s : specs) {
            try {
                Schedules.byName(s.schedule());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("model '" + s.name() + "': \"schedule\": " + e.getMessage(), e);
            }
        }
    }

    /** Where the fields' models run: the first model's device; the CPU when no field is a model. */
    public static Device device(List<? extends FeatureField> fields) {
        return fields.stream()
                .filter(f -> f instanceof ModelField)
                .map(f -> ((ModelField) f).model().device())
                .findFirst()
                .orElse(Device.cpu());
    }

    /**
     * The workers to evaluate these fields on: {@link Workers#split()} on the CPU when every model runs on PyTorch,
     * else one. ONNX Runtime fixes a session's intra-op threads when it loads, so two workers would run twice as many
     * threads as cores (measured on the paper-size U-Nets: sampling 6% slower, the fit no faster; docs/benchmarks.md,
     * "The paper's scale"); a GPU gains nothing from CPU workers; a feature map differentiated by autograd cannot run
     * on two threads at once (one gradient collector per process).
     */
    public static Workers workers(List<? extends FeatureField> fields) {
        boolean split = !device(fields).isGpu()
                && fields.stream()
                        .noneMatch(f -> f instanceof MapCoefficient
                                || f instanceof ModelField m
                                        && m.spec() != null
                                        && m.spec().format() == ModelFormat.ONNX);
        return split ? Workers.split() : Workers.single();
    }

    /** Fails, naming the model, when a field's declared input shape does not fit the data's sample shape. */
    public static void checkShapes(List<? extends FeatureField> fields, Shape sampleShape, String dataName) {
        for (FeatureField f : fields) {
            if (f instanceof ModelField m && m.model().inputShape() == null) {
                probe(m, sampleShape, dataName);
            }
            if (f instanceof ModelField m && m.model().inputShape() != null) {
                Shape want = m.model().inputShape();
                boolean ok = want.dimension() == sampleShape.dimension();
                for (int i = 0; ok && i < want.dimension(); i++) {
                    ok = want.get(i) < 0 || want.get(i) == sampleShape.get(i);
                }
                if (!ok) {
                    throw new IllegalArgumentException("model '" + f.name() + "' takes samples of shape " + want
                            + " but " + dataName + " holds samples of shape " + sampleShape);
                }
            }
        }
    }

    /**
     * A model that declares no input shape (a bare TorchScript file) is tried on one sample of the data's shape, so
     * that a mismatch names the data and its shape instead of surfacing from the fit's first batch as the engine's
     * text.
     */
    private static void probe(ModelField m, Shape sampleShape, String dataName) {
        try (NDManager nd = NDManager.newBaseManager(m.model().device(), "PyTorch")) {
            m.model().evaluate(nd.zeros(new Shape(1).addAll(sampleShape)), 0.5);
        } catch (ModelEvaluationException e) {
            if (e.getCause() == null) {
                return; // the forward ran and its output failed a check (NaN, shape): the fit says so in its own words
            }
            throw new IllegalArgumentException(
                    "model '" + m.name() + "' cannot take the samples of " + dataName + ", of shape " + sampleShape
                            + " (" + e.problem() + "); give its manifest entry the \"inputShape\" it was trained on",
                    e);
        }
    }
}
