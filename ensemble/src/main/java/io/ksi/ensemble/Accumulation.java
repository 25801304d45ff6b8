package io.ksi.ensemble;

import io.ksi.ensemble.feature.FeatureField;
import java.util.List;

/**
 * How a fit's sums are computed: the only step in which a local fit and a cluster fit differ. Every implementation
 * returns the systems {@link Fitter#LOCAL} would, bit for bit (the batches of each chunk, then the chunks, added in
 * order: {@link Fitter#chunkSums}).
 */
@FunctionalInterface
public interface Accumulation {
    FitSystems accumulate(List<? extends FeatureField> fields, FitPlan plan);
}
