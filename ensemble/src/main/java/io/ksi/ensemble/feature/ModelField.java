package io.ksi.ensemble.feature;

import ai.djl.ndarray.NDArray;
import com.google.gson.JsonObject;
import io.ksi.bridge.DjlVelocityField;
import io.ksi.bridge.ModelSpec;
import io.ksi.bridge.OutputKind;
import io.ksi.bridge.VelocityField;
import io.ksi.bridge.convention.Convention;
import io.ksi.ensemble.interpolant.Schedule;
import io.ksi.ensemble.interpolant.Schedules;

/**
 * A pretrained model used as a feature gradient: grad phi_i(x) = v_i(t, x) (docs/method.md §2, eq. 15/17). Noise and
 * data predictions are turned into velocities with the model's own schedule: v = alpha' x0_hat + beta' x1_hat, the
 * missing one of (x0_hat, x1_hat) recovered from x = alpha x0 + beta x1.
 */
public final class ModelField implements FeatureField {
    /** Noise predictions are singular at t = 0 and data predictions at t = 1: stay this far from them. */
    static final double EDGE = 1e-3;

    private final VelocityField model;
    private final OutputKind kind;
    private final Schedule schedule;
    private final ModelSpec spec;

    public ModelField(VelocityField model, OutputKind kind, Schedule schedule) {
        this.model = model;
        this.kind = kind;
        this.schedule = schedule;
        this.spec = model instanceof DjlVelocityField d ? d.spec() : null;
    }

    /** Uses the output kind and schedule the model's manifest declares. */
    public static ModelField of(DjlVelocityField model) {
        ModelSpec s = model.spec();
        return new ModelField(model, s.output(), Schedules.byName(s.schedule()));
    }

    public VelocityField model() {
        return model;
    }

    public ModelSpec spec() {
        return spec;
    }

    @Override
    public String name() {
        return model.name();
    }

    @Override
    public NDArray evaluate(NDArray x, double t) {
        if (spec != null && spec.convention() != null) {
            return evaluateConverted(x, t, spec.convention());
        }
        if (kind == OutputKind.VELOCITY) {
            return model.evaluate(x, t);
        }
        return Scoped.evaluate(x, scope -> {
            double te = kind == OutputKind.NOISE ? Math.max(t, EDGE) : Math.min(t, 1 - EDGE);
            NDArray out = model.evaluate(x, t);
            double a = schedule.alpha(te);
            double b = schedule.beta(te);
            double ad = schedule.alphaDot(te);
            double bd = schedule.betaDot(te);
            NDArray v;
            if (kind == OutputKind.NOISE) {
                // x1_hat = (x - a eps) / b
                v = out.mul((float) (ad - bd * a / b)).add(x.mul((float) (bd / b)));
            } else {
                // x0_hat = (x - b x1_hat) / a
                v = out.mul((float) (bd - ad * b / a)).add(x.mul((float) (ad / a)));
            }
            return v;
        });
    }

    /**
     * A checkpoint of another convention (docs/method.md §6): at the model's noise level of ksi's SNR beta_t^2 /
     * alpha_t^2, fed c x (c = sigma_s / alpha_t = a_s / beta_t, the finite form on each half of [0, 1]), its output
     * read as eps_hat and x1_hat, returned as alpha'_t eps_hat + beta'_t x1_hat for this field's schedule. Like noise
     * and data predictions, the reading is singular at an end (eps models at t = 0, data models at t = 1): the level is
     * taken at t clamped to [EDGE, 1 - EDGE].
     */
    private NDArray evaluateConverted(NDArray x, double t, Convention convention) {
        double te = Math.min(Math.max(t, EDGE), 1 - EDGE);
        double alpha = schedule.alpha(te);
        double beta = schedule.beta(te);
        Convention.Level l = convention.level(beta * beta / (alpha * alpha));
        double c = te < 0.5 ? l.sigma() / alpha : l.a() / beta;
        double ad = schedule.alphaDot(te);
        double bd = schedule.betaDot(te);
        double fromX = (ad * l.epsFromX() + bd * l.x1FromX()) * c;
        double fromOut = ad * l.epsFromOut() + bd * l.x1FromOut();
        return Scoped.evaluate(x, scope -> {
            NDArray out = model.evaluate(x.mul((float) (c * l.inputScale())), l.timestep());
            return out.mul((float) fromOut).add(x.mul((float) fromX));
        });
    }

    @Override
    public JsonObject describe() {
        JsonObject o = Scoped.describe("model", name());
        return o;
    }

    @Override
    public void warmup(int batch) {
        model.warmup(batch);
    }

    @Override
    public void close() {
        model.close();
    }

    @Override
    public String toString() {
        if (spec != null && spec.convention() != null) {
            return "ModelField[" + model + ", " + spec.convention() + " -> " + schedule.name() + " velocity]";
        }
        return "ModelField[" + model + (kind == OutputKind.VELOCITY ? "" : ", " + kind + " via " + schedule.name())
                + "]";
    }
}
