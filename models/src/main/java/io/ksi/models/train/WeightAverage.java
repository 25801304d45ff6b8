package io.ksi.models.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.util.Pair;
import java.util.ArrayList;
import java.util.List;

/**
 * An exponential moving average of a scripted block's parameters, kept in native memory beside them: a diffusion
 * model's averaged weights draw cleaner samples than its last ones, which carry the optimizer's step-to-step noise.
 */
final class WeightAverage {
    private final List<NDArray> live = new ArrayList<>();
    private final List<NDArray> average = new ArrayList<>();
    private final NDManager manager;

    /** Starts the average at the block's current weights; the copies live in {@code manager}. */
    WeightAverage(PtSymbolBlock block, NDManager manager) {
        this.manager = manager;
        for (Pair<String, Parameter> p : block.getParameters()) {
            NDArray a = p.getValue().getArray();
            live.add(a);
            NDArray copy = manager.create(a.toFloatArray(), a.getShape());
            average.add(copy);
        }
    }

    /** average = decay * average + (1 - decay) * weights. */
    void update(double decay) {
        try (NDManager m = manager.newSubManager()) {
            for (int i = 0; i < live.size(); i++) {
                NDArray w = live.get(i).duplicate();
                w.attach(m);
                average.get(i).muli((float) decay).addi(w.muli((float) (1 - decay)));
            }
        }
    }

    /** Writes the average into the block's weights. */
    void install() {
        for (int i = 0; i < live.size(); i++) {
            live.get(i).set(average.get(i).toFloatArray());
        }
    }
}
