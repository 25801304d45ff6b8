package io.ksi.models.oracle;

import io.ksi.bridge.ModelSpec;
import java.nio.file.Path;
import java.util.List;

/**
 * Log-likelihood of samples under one well-trained velocity model, the oracle: {@link FlowLikelihood} with the single
 * weight 1.
 */
public final class OracleLikelihood extends FlowLikelihood {
    private static final double[] ONE = {1};

    public OracleLikelihood(Path file) {
        this(ModelSpec.of(file));
    }

    public OracleLikelihood(ModelSpec spec) {
        super(List.of(spec), t -> ONE, spec.name());
    }
}
