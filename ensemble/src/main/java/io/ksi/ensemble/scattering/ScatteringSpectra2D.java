package io.ksi.ensemble.scattering;

import ai.djl.ndarray.NDArray;
import com.google.gson.JsonObject;
import io.ksi.ensemble.feature.FeatureMap;
import io.ksi.ensemble.feature.FeatureMapKind;

/**
 * The KSI feature map of a periodic 2D field (docs/scattering-spec.md §3.4–3.5, §4b): scattering spectra with S3 and S4
 * normalized by the power spectrum Ŝ2 frozen from the training field(s).
 */
public final class ScatteringSpectra2D extends FrozenScatteringMap {
    private final Scattering2D transform;

    public ScatteringSpectra2D(Scattering2D transform, double[] s2, boolean float64) {
        super(transform, checked(transform, s2), float64);
        this.transform = transform;
    }

    private static double[] checked(Scattering2D transform, double[] s2) {
        if (s2.length != transform.scales() * transform.orientations()) {
            throw new IllegalArgumentException(
                    "S2 needs J*L = " + transform.scales() * transform.orientations() + " values, got " + s2.length);
        }
        for (double v : s2) {
            if (!(v > 0) || !Double.isFinite(v)) {
                throw new IllegalArgumentException(
                        "the frozen power spectrum must be finite and > 0 at every scale and " + "orientation, got " + v
                                + " (a scale with no power makes log S2 = -inf)");
            }
        }
        return s2;
    }

    /** Ŝ2 frozen from the observed field(s) [B, M, N], averaged over B. */
    public static ScatteringSpectra2D frozenOn(NDArray observed, Scattering2D transform, boolean float64) {
        NDArray x = observed.getShape().dimension() == 2 ? observed.expandDims(0) : observed;
        return new ScatteringSpectra2D(transform, transform.powerSpectrum(x), float64);
    }

    public Scattering2D transform() {
        return transform;
    }

    public double[] s2() {
        return power();
    }

    @Override
    public String name() {
        return "scattering2d";
    }

    /** About 64 MB of autograd state per chunk. */
    @Override
    public int jacobianChunk() {
        long jl = (long) transform.scales() * transform.orientations();
        long ll = transform.orientations();
        long perCopy = (10 * jl + 6 * ll * ll) * transform.height() * transform.width() * (float64() ? 8 : 4);
        return (int) Math.max(1, Math.min(512, (64L << 20) / perCopy));
    }

    @Override
    String powerKey() {
        return "s2";
    }

    @Override
    void describeTransform(JsonObject o) {
        o.addProperty("height", transform.height());
        o.addProperty("width", transform.width());
        o.addProperty("J", transform.scales());
        o.addProperty("L", transform.orientations());
        o.addProperty("reduction", transform.reduction().id());
    }

    public static ScatteringSpectra2D fromJson(JsonObject o) {
        Scattering2D t = new Scattering2D(
                o.get("height").getAsInt(),
                o.get("width").getAsInt(),
                o.get("J").getAsInt(),
                o.get("L").getAsInt(),
                Reduction.parse(o.get("reduction").getAsString(), 2));
        return new ScatteringSpectra2D(t, power(o, "s2"), o.get("float64").getAsBoolean());
    }

    /**
     * Finds this map in saved ensembles ({@link io.ksi.ensemble.feature.FeatureMapKind}, listed in META-INF/services).
     */
    public static final class Kind implements FeatureMapKind {
        @Override
        public String kind() {
            return "scattering2d";
        }

        @Override
        public FeatureMap fromJson(JsonObject description) {
            return ScatteringSpectra2D.fromJson(description);
        }
    }

    @Override
    public String toString() {
        return "ScatteringSpectra2D[" + transform + ", S2 frozen, " + precision() + "]";
    }
}
