package io.ksi.ensemble.feature;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * A time-independent feature map phi: [B, ...] -> [B, P] computed with differentiable DJL ops, each sample on its own.
 * Its P gradients grad phi_i are feature fields ({@link #fields()}); a fit evaluates them all with one Jacobian, the
 * drift with one vector-Jacobian product (docs/method.md §2).
 */
public interface FeatureMap {
    /** Short name used in field names and files. */
    String name();

    /** Number of features P. */
    int size();

    /** One label per feature, in output order. */
    List<String> labels();

    /** phi(x) for x [B, ...]; differentiable with respect to x. */
    NDArray apply(NDArray x);

    /** (sample, feature) rows of the Jacobian computed per backward pass: bounds the memory of a fit. */
    default int jacobianChunk() {
        return 64;
    }

    /**
     * The dtype apply computes in, or null for the input's: gradients start from an input of this type, because a dtype
     * conversion inside apply would cut the autograd graph on the PyTorch engine.
     */
    default DataType inputType() {
        return null;
    }

    /** How to rebuild this map when a saved ensemble is loaded. */
    JsonObject describe();

    /** The P feature fields grad phi_i, sharing this map. */
    default List<FeatureField> fields() {
        List<FeatureField> out = new ArrayList<>(size());
        for (int i = 0; i < size(); i++) {
            out.add(new MapCoefficient(this, i));
        }
        return out;
    }
}
