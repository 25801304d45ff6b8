package io.ksi.ensemble;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import io.ksi.bridge.Autograd;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Fits eta_t = K_t^{-1} h_t on a time grid (method.md §2): for every time, every batch of pairs, evaluate all P
 * fields at I_t and accumulate the Gram matrix. The same pairs are used at every time.
 */
public final class Fitter {
    /**
     * @param batchSize pairs per model evaluation
     * @param ridge     relative ridge: lambda = ridge * trace(K)/P
     * @param device    where pairs are made (that of the models)
     * @param progress  progress of the (times x batches) loop
     * @param scaleFeatures solve with every feature scaled to unit mean-square gradient (Jacobi), so that the ridge
     *                  weighs all features alike: for feature families whose gradients differ by orders of magnitude
     */
    public record Options(int batchSize, double ridge, Device device, Progress progress, boolean scaleFeatures) {
        public Options(int batchSize, double ridge, Device device, Progress progress) {
            this(batchSize, ridge, device, progress, false);
        }

        public static Options defaults() {
            return new Options(256, 1e-6, Device.cpu(), Progress.NONE, false);
        }

        public Options withRidge(double r) {
            return new Options(batchSize, r, device, progress, scaleFeatures);
        }

        public Options withBatchSize(int b) {
            return new Options(b, ridge, device, progress, scaleFeatures);
        }

        public Options withProgress(Progress p) {
            return new Options(batchSize, ridge, device, p, scaleFeatures);
        }

        public Options withDevice(Device d) {
            return new Options(batchSize, ridge, d, progress, scaleFeatures);
        }

        public Options withScaledFeatures(boolean on) {
            return new Options(batchSize, ridge, device, progress, on);
        }
    }

    private Fitter() {
    }

    public static KernelEnsemble fit(List<? extends FeatureField> fields, Schedule schedule, double[] times,
                                     PairSource train, PairSource heldOut, Options o) {
        if (fields.isEmpty()) {
            throw new IllegalArgumentException("no feature fields to fit");
        }
        int p = fields.size();
        List<LinearSystem> systems = new ArrayList<>();
        List<LinearSystem> heldOutSystems = new ArrayList<>();
        long work = (long) times.length * (train.batches(o.batchSize()) + (heldOut == null ? 0 : heldOut.batches(o.batchSize())));
        try (NDManager base = NDManager.newBaseManager(o.device(), "PyTorch");
             Progress.Task task = o.progress().start("fit " + p + " fields", work)) {
            for (double t : times) {
                systems.add(accumulate(fields, schedule, t, train, o, base, task));
                if (heldOut != null) {
                    heldOutSystems.add(accumulate(fields, schedule, t, heldOut, o, base, task));
                }
            }
        }
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("pairs", train.pairs());
        settings.put("heldOutPairs", heldOut == null ? 0 : heldOut.pairs());
        settings.put("batchSize", o.batchSize());
        settings.put("sampleShape", train.sampleShape().getShape());
        if (o.scaleFeatures()) {
            settings.put(KernelEnsemble.SCALED, true);
        }
        return KernelEnsemble.solve(fields, schedule, times, systems, heldOut == null ? null : heldOutSystems, o.ridge(),
                settings);
    }

    /** The system at one time over all batches of a pair source. */
    static LinearSystem accumulate(List<? extends FeatureField> fields, Schedule s, double t, PairSource pairs,
                                   Options o, NDManager base, Progress.Task task) {
        GramAccumulator acc = new GramAccumulator(fields.size());
        float a = (float) s.alpha(t);
        float b = (float) s.beta(t);
        float ad = (float) s.alphaDot(t);
        float bd = (float) s.betaDot(t);
        for (int k = 0; k < pairs.batches(o.batchSize()); k++) {
            try (NDManager scope = base.newSubManager()) {
                NDArray[] pair = pairs.batch(scope, k, o.batchSize());
                NDArray it = pair[0].mul(a).add(pair[1].mul(b));
                NDArray dI = pair[0].mul(ad).add(pair[1].mul(bd));
                acc.add(evaluateAll(fields, it, t), dI);
            }
            task.step(1);
        }
        return acc.system();
    }

    /**
     * All P fields at (x, t), stacked as [P, B, D] on x's device and attached to x's manager. The coefficients of one
     * {@link FeatureMap} come from a single Jacobian.
     */
    public static NDArray evaluateAll(List<? extends FeatureField> fields, NDArray x, double t) {
        long b = x.getShape().get(0);
        NDList parts = new NDList(fields.size());
        Map<FeatureMap, NDArray> jacobians = new IdentityHashMap<>();
        for (FeatureField f : fields) {
            if (f instanceof MapFeature mf) {
                NDArray j = jacobians.computeIfAbsent(mf.map(),
                        m -> Autograd.jacobian(m::apply, x, m.size(), m.jacobianChunk(), m.inputType()).toType(DataType.FLOAT32, false));
                parts.add(j.get(mf.index()).reshape(1, b, -1));
            } else {
                parts.add(f.evaluate(x, t).toDevice(x.getDevice(), false).reshape(1, b, -1));
            }
        }
        NDArray stacked = NDArrays.concat(parts, 0);
        parts.stream().filter(a -> a != stacked).forEach(NDArray::close);
        jacobians.values().forEach(NDArray::close);
        return stacked;
    }
}
