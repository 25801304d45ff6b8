package io.ksi.bridge;

import ai.djl.Device;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.TranslateException;
import java.util.ArrayList;
import java.util.List;

/** A TorchScript or ONNX velocity model behind {@link VelocityField}; created by {@link ModelLoader}. */
public final class DjlVelocityField implements VelocityField {
    private final ModelSpec spec;
    private final ZooModel<NDList, NDList> model;
    /** DJL predictors are not thread-safe, the model is: one predictor per calling thread. */
    private final ThreadLocal<Predictor<NDList, NDList>> predictor;

    private final java.util.Queue<Predictor<NDList, NDList>> predictors =
            new java.util.concurrent.ConcurrentLinkedQueue<>();
    private final Device device;
    private final Shape inputShape;
    private final LoadOptions options;

    DjlVelocityField(
            ModelSpec spec, ZooModel<NDList, NDList> model, Device device, Shape inputShape, LoadOptions options) {
        this.spec = spec;
        this.model = model;
        this.predictor = ThreadLocal.withInitial(() -> {
            Predictor<NDList, NDList> p = model.newPredictor();
            predictors.add(p);
            return p;
        });
        this.device = device;
        this.inputShape = inputShape;
        this.options = options;
    }

    public ModelSpec spec() {
        return spec;
    }

    /** How the model was loaded (device, largest batch per call, finiteness check). */
    public LoadOptions options() {
        return options;
    }

    /** The underlying DJL model, for autograd or training through it (load with {@link LoadOptions#trainable()}). */
    public ZooModel<NDList, NDList> djlModel() {
        return model;
    }

    @Override
    public String name() {
        return spec.name();
    }

    @Override
    public Shape inputShape() {
        return inputShape;
    }

    @Override
    public Device device() {
        return device;
    }

    @Override
    public NDArray evaluate(NDArray x, double t) {
        try (NDManager scope = x.getManager().newSubManager()) {
            NDArray tb = scope.full(new Shape(x.getShape().get(0)), (float) t, DataType.FLOAT32, x.getDevice());
            return run(x, tb, scope, String.valueOf(t));
        }
    }

    @Override
    public NDArray evaluate(NDArray x, NDArray t) {
        try (NDManager scope = x.getManager().newSubManager()) {
            t.tempAttach(scope);
            float[] tv = t.toType(DataType.FLOAT32, false).toFloatArray();
            String label = tv.length == 0 ? "[]" : "[" + min(tv) + ", " + max(tv) + "]";
            return run(x, t, scope, label);
        }
    }

    /** Runs the model inside {@code scope}; the result leaves the scope attached to x's manager. */
    private NDArray run(NDArray x, NDArray t, NDManager scope, String tLabel) {
        NDManager owner = x.getManager();
        x.tempAttach(scope);
        checkInput(x, t, tLabel);
        NDArray xin = toModelInput(x, scope);
        NDArray tin = toModelInput(t, scope);
        if (!spec.time().isIdentity()) {
            TimeMap m = spec.time();
            tin = (m.reverse() ? tin.neg().add(1f) : tin).mul((float) m.scale()).add((float) m.shift());
        }
        if (spec.convention() != null && spec.convention().integerTimestep()) {
            // networks whose timestep embedding indexes a table take whole steps as int64
            tin = tin.round().toType(DataType.INT64, false);
        }
        long b = xin.getShape().get(0);
        NDArray out;
        if (b <= options.maxBatch()) {
            out = forward(xin, tin, scope, tLabel);
        } else {
            List<NDArray> parts = new ArrayList<>();
            for (long s = 0; s < b; s += options.maxBatch()) {
                NDIndex rows = new NDIndex("{}:{}", s, Math.min(b, s + options.maxBatch()));
                parts.add(forward(xin.get(rows), tin.get(rows), scope, tLabel));
            }
            out = NDArrays.concat(new NDList(parts), 0);
        }
        if (!out.getShape().equals(x.getShape())) {
            throw new ModelEvaluationException(
                    name(),
                    tLabel,
                    "output shape " + out.getShape() + " differs from input shape " + x.getShape()
                            + " (a velocity model returns the shape of x)");
        }
        if (spec.outputScale() != 1) {
            out = out.mul((float) spec.outputScale());
        }
        if (options.checkFinite()) {
            checkFinite(out, tLabel);
        }
        out.attach(owner);
        return out;
    }

    private NDArray forward(NDArray xin, NDArray tin, NDManager scope, String tLabel) {
        boolean onnx = spec.format() == ModelFormat.ONNX;
        String xName = xin.getName();
        String tName = tin.getName();
        // ONNX inputs are bound by name; TorchScript reads some name patterns as container markers, so none there
        xin.setName(onnx ? spec.inputNames().get(0) : null);
        tin.setName(onnx ? spec.inputNames().get(1) : null);
        try {
            NDArray out = velocityOf(predictor.get().predict(new NDList(xin, tin)));
            out.setName(null);
            if (out.getManager() != scope) {
                out.attach(scope);
            }
            // ONNX Runtime outputs live in host memory under another engine: bring them home to PyTorch
            return onnx ? scope.from(out).toDevice(xin.getDevice(), false) : out;
        } catch (TranslateException | RuntimeException e) {
            Throwable root = e;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            throw new ModelEvaluationException(
                    name(),
                    tLabel,
                    spec.format() + " forward failed for x " + xin.getShape() + " " + xin.getDataType() + ": "
                            + ModelLoader.torchCause(root.getMessage()),
                    e);
        } finally {
            xin.setName(xName);
            tin.setName(tName);
        }
    }

    /**
     * The velocity among a model's outputs: the only one, or (a tuple or a dict, as diffusers' UNet2DModel returns) the
     * one named "sample", else the first.
     */
    private static NDArray velocityOf(NDList outputs) {
        if (outputs.size() == 1) {
            return outputs.get(0);
        }
        NDArray named = outputs.get("sample");
        return named != null ? named : outputs.get(0);
    }

    private void checkInput(NDArray x, NDArray t, String tLabel) {
        Shape s = x.getShape();
        if (s.dimension() < 1 || s.get(0) < 1) {
            throw new ModelEvaluationException(name(), tLabel, "x must have a non-empty batch axis, got " + s);
        }
        if (!t.getShape().equals(new Shape(s.get(0)))) {
            throw new ModelEvaluationException(
                    name(), tLabel, "t must have shape [B] = " + new Shape(s.get(0)) + ", got " + t.getShape());
        }
        if (inputShape != null && !matches(s, inputShape)) {
            throw new ModelEvaluationException(
                    name(),
                    tLabel,
                    "expected x of shape [B, " + inputShape.toString().replaceAll("[()]", "") + "], got " + s);
        }
        if (!x.getDataType().isFloating()) {
            throw new ModelEvaluationException(name(), tLabel, "x must be floating point, got " + x.getDataType());
        }
    }

    static boolean matches(Shape batched, Shape perSample) {
        if (batched.dimension() != perSample.dimension() + 1) {
            return false;
        }
        for (int i = 0; i < perSample.dimension(); i++) {
            long want = perSample.get(i);
            if (want >= 0 && batched.get(i + 1) != want) {
                return false;
            }
        }
        return true;
    }

    /** float32 on the model's device, made by PyTorch (a TorchScript module accepts nothing else). */
    private NDArray toModelInput(NDArray a, NDManager scope) {
        NDArray r = a;
        if (!"PyTorch".equals(r.getManager().getEngine().getEngineName())) {
            r = scope.from(r);
        }
        if (r.getDataType() != DataType.FLOAT32) {
            r = r.toType(DataType.FLOAT32, false);
        }
        return r.toDevice(device, false);
    }

    private void checkFinite(NDArray out, String tLabel) {
        // one reduction on the happy path; a non-finite sum is either NaN/Inf inside or an overflow of the sum
        if (Double.isFinite(out.sum().getFloat())) {
            return;
        }
        long nan = out.isNaN().sum().getLong();
        long inf = out.isInfinite().sum().getLong();
        if (nan + inf == 0) {
            return;
        }
        throw new ModelEvaluationException(
                name(), tLabel, "output has " + nan + " NaN and " + inf + " infinite values out of " + out.size());
    }

    private static float min(float[] v) {
        float m = Float.POSITIVE_INFINITY;
        for (float f : v) {
            m = Math.min(m, f);
        }
        return m;
    }

    private static float max(float[] v) {
        float m = Float.NEGATIVE_INFINITY;
        for (float f : v) {
            m = Math.max(m, f);
        }
        return m;
    }

    /**
     * Runs two dummy batches of the given size: the graph executor profiles the first calls per input shape, so warm up
     * with the batch size the real work uses. No-op when the input shape is not fully declared.
     */
    @Override
    public void warmup(int batch) {
        if (inputShape == null || java.util.Arrays.stream(inputShape.getShape()).anyMatch(d -> d < 0)) {
            return;
        }
        try (NDManager m = model.getNDManager().newSubManager(device)) {
            NDArray x = m.zeros(new Shape(Math.min(batch, options.maxBatch())).addAll(inputShape));
            for (int i = 0; i < 2; i++) {
                evaluate(x, 0.5).close();
            }
        }
    }

    @Override
    public void close() {
        Predictor<NDList, NDList> p;
        while ((p = predictors.poll()) != null) {
            p.close();
        }
        predictor.remove();
        model.close();
    }

    @Override
    public String toString() {
        return name() + " (" + spec.format() + ", " + device + (inputShape == null ? "" : ", x " + inputShape) + ")";
    }
}
