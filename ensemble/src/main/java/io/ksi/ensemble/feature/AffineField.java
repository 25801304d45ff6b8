package io.ksi.ensemble.feature;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import com.google.gson.Gson;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * A time-independent affine field A x + c on the flattened sample (dimension D = A's size): the gradient of x.Ax/2 +
 * c.x when A is symmetric. With the constants e_i and the fields x_j e_i it spans every affine drift, which holds the
 * exact velocity of any Gaussian target: the exact-answer tests rely on that.
 */
public final class AffineField implements FeatureField {
    private final String name;
    private final double[][] a;
    private final double[] c;

    public AffineField(String name, double[][] a, double[] c) {
        int d = c.length;
        if (a != null && (a.length != d || a[0].length != d)) {
            throw new IllegalArgumentException(name + ": A must be " + d + "x" + d);
        }
        this.name = name;
        this.a = a;
        this.c = c.clone();
    }

    /** The D constant fields e_i and the D^2 fields x_j e_i: a basis of all affine fields. */
    public static List<FeatureField> basis(int d) {
        List<FeatureField> out = new ArrayList<>();
        for (int i = 0; i < d; i++) {
            double[] e = new double[d];
            e[i] = 1;
            out.add(new AffineField("e" + i, null, e));
        }
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                double[][] m = new double[d][d];
                m[i][j] = 1;
                out.add(new AffineField("x" + j + "e" + i, m, new double[d]));
            }
        }
        return out;
    }

    public int dimension() {
        return c.length;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public NDArray evaluate(NDArray x, double t) {
        Shape shape = x.getShape();
        long b = shape.get(0);
        int d = c.length;
        if (shape.size() / b != d) {
            throw new IllegalArgumentException("field " + name + " is " + d + "-dimensional, x has shape " + shape);
        }
        return Scoped.evaluate(x, scope -> {
            NDArray flat = x.reshape(b, d);
            NDArray cv = scope.create(toFloat(c)).toDevice(x.getDevice(), false);
            NDArray out;
            if (a == null) {
                out = scope.zeros(new Shape(b, d), DataType.FLOAT32)
                        .toDevice(x.getDevice(), false)
                        .add(cv);
            } else {
                float[] at = new float[d * d];
                for (int i = 0; i < d; i++) {
                    for (int j = 0; j < d; j++) {
                        at[j * d + i] = (float) a[i][j];
                    }
                }
                out = flat.toType(DataType.FLOAT32, false)
                        .matMul(scope.create(at, new Shape(d, d)).toDevice(x.getDevice(), false))
                        .add(cv);
            }
            return out.reshape(shape);
        });
    }

    private static float[] toFloat(double[] v) {
        float[] f = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            f[i] = (float) v[i];
        }
        return f;
    }

    @Override
    public JsonObject describe() {
        Gson g = new Gson();
        JsonObject o = Scoped.describe("affine", name);
        if (a != null) {
            o.add("A", g.toJsonTree(a));
        }
        o.add("c", g.toJsonTree(c));
        return o;
    }

    static AffineField fromJson(JsonObject o) {
        Gson g = new Gson();
        double[][] a = o.has("A") ? g.fromJson(o.get("A"), double[][].class) : null;
        return new AffineField(o.get("name").getAsString(), a, g.fromJson(o.get("c"), double[].class));
    }

    @Override
    public String toString() {
        return "AffineField[" + name + ", d=" + c.length + "]";
    }
}
