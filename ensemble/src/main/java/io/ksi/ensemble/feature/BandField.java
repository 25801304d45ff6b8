package io.ksi.ensemble.feature;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * The part of a periodic 2D field in one band of wavenumbers, P_b x = ifft2(1_b fft2 x): the gradient of the band's
 * power |P_b x|^2 / 2. A set of bands gives the drift one independent linear gain per band, which the broad,
 * overlapping Morlet bands of the scattering power spectrum cannot: near t = 1 the exact drift is about -x / alpha_t in
 * bands the data barely excites and of order one where it lives, a step in |k| that moves with t.
 *
 * <p>|k| = sqrt(kx^2 + ky^2) in cycles per box, k = 0 excluded (the mean is a separate feature). Bands follow the
 * shells of {@link io.ksi.ensemble.metrics.PowerSpectrum}: round(|k|) = s.
 */
public final class BandField implements FeatureField {
    private final int height;
    private final int width;
    private final double lo;
    private final double hi;
    private final float[] mask;

    /** Modes with lo <= |k| < hi. */
    public BandField(int height, int width, double lo, double hi) {
        if (height < 2 || width < 2) {
            throw new IllegalArgumentException(
                    "a band field needs a 2D grid of at least 2x2, got " + height + "x" + width);
        }
        if (!(lo >= 0) || !(hi > lo)) {
            throw new IllegalArgumentException("band needs 0 <= lo < hi, got [" + lo + ", " + hi + ")");
        }
        this.height = height;
        this.width = width;
        this.lo = lo;
        this.hi = hi;
        this.mask = new float[height * width];
        int count = 0;
        for (int a = 0; a < height; a++) {
            for (int b = 0; b < width; b++) {
                double ky = a <= height / 2 ? a : a - height;
                double kx = b <= width / 2 ? b : b - width;
                double k = Math.sqrt(kx * kx + ky * ky);
                if (k > 0 && k >= lo && k < hi) {
                    mask[a * width + b] = 1;
                    count++;
                }
            }
        }
        if (count == 0) {
            throw new IllegalArgumentException(
                    "band [" + lo + ", " + hi + ") holds no wavenumber of a " + height + "x" + width + " grid");
        }
    }

    /** One band per shell round(|k|) = 1 .. n/2 - 1, and one for everything above: every mode but k = 0 in one band. */
    public static List<FeatureField> shells(int height, int width) {
        double top = Math.sqrt(Math.pow(height / 2, 2) + Math.pow(width / 2, 2)) + 1;
        int half = Math.min(height, width) / 2;
        List<FeatureField> out = new ArrayList<>();
        for (int s = 1; s < half; s++) {
            out.add(new BandField(height, width, s - 0.5, s + 0.5));
        }
        out.add(new BandField(height, width, half - 0.5, top));
        return out;
    }

    public double lo() {
        return lo;
    }

    public double hi() {
        return hi;
    }

    @Override
    public String name() {
        return String.format("band[%s,%s)", fmt(lo), fmt(hi));
    }

    private static String fmt(double v) {
        return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
    }

    @Override
    public NDArray evaluate(NDArray x, double t) {
        Shape s = x.getShape();
        int d = s.dimension();
        if (d < 2 || s.get(d - 2) != height || s.get(d - 1) != width) {
            throw new IllegalArgumentException(
                    name() + ": expected fields [..., " + height + ", " + width + "], got " + s);
        }
        return Scoped.evaluate(x, scope -> {
            NDArray m = scope.create(mask, new Shape(height, width)).toDevice(x.getDevice(), false);
            NDArray cm = m.stack(m.zerosLike(), -1).complex();
            long[] axes = {d - 2, d - 1};
            long[] sizes = {height, width};
            NDArray xh = x.toType(DataType.FLOAT32, false).fft2(sizes, axes);
            return xh.mul(cm).ifft2(sizes, axes).real().get("..., 0");
        });
    }

    @Override
    public JsonObject describe() {
        JsonObject o = Scoped.describe("band", name());
        o.addProperty("height", height);
        o.addProperty("width", width);
        o.addProperty("lo", lo);
        o.addProperty("hi", hi);
        return o;
    }

    static BandField fromJson(JsonObject o) {
        for (String k : new String[] {"height", "width", "lo", "hi"}) {
            if (!o.has(k)) {
                throw new IllegalArgumentException("band field " + o.get("name") + " lacks '" + k + "'");
            }
        }
        return new BandField(
                o.get("height").getAsInt(),
                o.get("width").getAsInt(),
                o.get("lo").getAsDouble(),
                o.get("hi").getAsDouble());
    }

    @Override
    public String toString() {
        return "BandField" + name().substring(4);
    }
}
