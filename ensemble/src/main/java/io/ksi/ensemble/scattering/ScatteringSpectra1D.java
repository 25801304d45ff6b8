package io.ksi.ensemble.scattering;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import com.google.gson.JsonObject;
import io.ksi.ensemble.feature.FeatureMap;
import io.ksi.ensemble.feature.FeatureMapKind;

/**
 * The KSI feature map of a time series (docs/scattering-spec.md §1.7–1.8): scattering spectra with sigma frozen on the
 * observation.
 */
public final class ScatteringSpectra1D extends FrozenScatteringMap {
    private final Scattering1D transform;

    public ScatteringSpectra1D(Scattering1D transform, double[] sigma2, boolean float64) {
        super(transform, checked(transform, sigma2), float64);
        this.transform = transform;
    }

    private static double[] checked(Scattering1D transform, double[] sigma2) {
        if (sigma2.length != transform.scales() + 1) {
            throw new IllegalArgumentException(
                    "sigma^2 needs J+1 = " + (transform.scales() + 1) + " values, got " + sigma2.length);
        }
        for (double s : sigma2) {
            if (!(s >= 0) || !Double.isFinite(s)) {
                throw new IllegalArgumentException("sigma^2 must be finite and >= 0, got " + s);
            }
        }
        return sigma2;
    }

    /** sigma^2 frozen from the observed series [B, T] (averaged over B realizations). */
    public static ScatteringSpectra1D frozenOn(NDArray observed, Scattering1D transform, boolean float64) {
        NDArray x = observed.getShape().dimension() == 1 ? observed.reshape(1, -1) : observed;
        double[] s2 = transform.powerSpectrum(x.toType(DataType.FLOAT64, false));
        double max = 0;
        for (double v : s2) {
            max = Math.max(max, v);
        }
        if (max == 0) {
            throw new IllegalArgumentException("the observed series has no power at any scale (is it constant?)");
        }
        return new ScatteringSpectra1D(transform, s2, float64);
    }

    public Scattering1D transform() {
        return transform;
    }

    public double[] sigma2() {
        return power();
    }

    @Override
    public String name() {
        return "scattering1d";
    }

    /**
     * Rows per backward pass: the FFTs are compute-bound, so bigger chunks do not run faster (measured at T = 1859: 4
     * or 16 rows ~0.95 s per Jacobian, 64 rows 2.1 s); 16 unless autograd state would pass ~256 MB.
     */
    @Override
    public int jacobianChunk() {
        int j = transform.scales();
        long rows = (j + 1) + (long) j * (j + 3) / 2;
        long perCopy = (rows * 4 + 4L * transform.complexCount()) * transform.length() * (float64() ? 16 : 8);
        return (int) Math.max(1, Math.min(16, (256L << 20) / perCopy));
    }

    @Override
    String powerKey() {
        return "sigma2";
    }

    @Override
    void describeTransform(JsonObject o) {
        o.addProperty("length", transform.length());
        o.addProperty("J", transform.scales());
        o.addProperty("wavelet", transform.wavelet().id());
        o.addProperty("nuMax", transform.nuMax());
        o.addProperty("reduction", transform.reduction().id());
    }

    public static ScatteringSpectra1D fromJson(JsonObject o) {
        Scattering1D t = new Scattering1D(
                o.get("length").getAsInt(),
                o.get("J").getAsInt(),
                Wavelet.parse(o.get("wavelet").getAsString()),
                o.get("nuMax").getAsDouble(),
                Reduction.parse(o.get("reduction").getAsString(), 1));
        return new ScatteringSpectra1D(t, power(o, "sigma2"), o.get("float64").getAsBoolean());
    }

    /**
     * Finds this map in saved ensembles ({@link io.ksi.ensemble.feature.FeatureMapKind}, listed in META-INF/services).
     */
    public static final class Kind implements FeatureMapKind {
        @Override
        public String kind() {
            return "scattering1d";
        }

        @Override
        public FeatureMap fromJson(JsonObject description) {
            return ScatteringSpectra1D.fromJson(description);
        }
    }

    @Override
    public String toString() {
        return "ScatteringSpectra1D[" + transform + ", sigma frozen, " + precision() + "]";
    }
}
