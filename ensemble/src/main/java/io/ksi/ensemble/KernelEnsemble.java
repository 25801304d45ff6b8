package io.ksi.ensemble;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.ksi.bridge.Autograd;
import io.ksi.bridge.Progress;
import io.ksi.bridge.Workers;
import io.ksi.ensemble.feature.FeatureField;
import io.ksi.ensemble.feature.FeatureFields;
import io.ksi.ensemble.feature.FeatureMap;
import io.ksi.ensemble.feature.MapCoefficient;
import io.ksi.ensemble.feature.ModelField;
import io.ksi.ensemble.interpolant.Schedule;
import io.ksi.ensemble.sampling.Members;
import io.ksi.ensemble.sampling.SampleRequest;
import io.ksi.ensemble.sampling.SampleRunner;
import io.ksi.ensemble.system.Combinations;
import io.ksi.ensemble.system.EtaTable;
import io.ksi.ensemble.system.LinearSystem;
import io.ksi.ensemble.system.Solution;
import io.ksi.ensemble.system.SystemSolver;
import io.ksi.ensemble.system.TimeDiagnostics;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A fitted ensemble: b_hat_t(x) = sum_i eta_i(t) grad phi_i(x), with the linear systems it came from kept, so that
 * another ridge or any subset of the features is one solve away (no model re-evaluation).
 */
public final class KernelEnsemble implements Members, AutoCloseable {
    private final List<FeatureField> fields;
    private final Schedule schedule;
    private final EtaTable eta;
    private final List<LinearSystem> systems;
    private final List<LinearSystem> heldOutSystems;
    private final List<TimeDiagnostics> diagnostics;
    private final FitRecord record;
    private final boolean ownsFields;

    KernelEnsemble(
            List<? extends FeatureField> fields,
            Schedule schedule,
            EtaTable eta,
            List<LinearSystem> systems,
            List<LinearSystem> heldOutSystems,
            List<TimeDiagnostics> diagnostics,
            FitRecord record,
            boolean ownsFields) {
        if (eta.features() != fields.size()) {
            throw new IllegalArgumentException(
                    "eta has " + eta.features() + " columns for " + fields.size() + " fields");
        }
        this.fields = List.copyOf(fields);
        this.schedule = schedule;
        this.eta = eta;
        this.systems = systems == null ? null : List.copyOf(systems);
        this.heldOutSystems = heldOutSystems == null ? null : List.copyOf(heldOutSystems);
        this.diagnostics = List.copyOf(diagnostics);
        this.record = record;
        this.ownsFields = ownsFields;
    }

    /**
     * Solves every time's system as the record's rule says (the kernel rule: at its ridge, Jacobi-scaled where it says
     * so); owns the fields.
     */
    static KernelEnsemble solve(
            List<? extends FeatureField> fields,
            Schedule schedule,
            double[] times,
            List<LinearSystem> systems,
            List<LinearSystem> heldOut,
            FitRecord record) {
        double[][] eta = new double[times.length][];
        List<TimeDiagnostics> diag = new ArrayList<>();
        for (int k = 0; k < times.length; k++) {
            requireFinite(systems.get(k), fields, times[k]);
            Solution s = solveAt(fields, times[k], systems.get(k), heldOut == null ? null : heldOut.get(k), record);
            eta[k] = s.eta();
            diag.add(TimeDiagnostics.of(times[k], systems.get(k), heldOut == null ? null : heldOut.get(k), s));
        }
        EtaTable table = new EtaTable(times, eta, record.rule().sparse());
        return new KernelEnsemble(fields, schedule, table, systems, heldOut, diag, record, true);
    }

    private static Solution solveAt(
            List<? extends FeatureField> fields, double t, LinearSystem s, LinearSystem h, FitRecord record) {
        CombinationRule rule = record.rule();
        double ridge = record.ridge();
        if (record.screened()) {
            return Combinations.on(s, s.evaluated(), ridge, record.scaledFeatures(), rule.id() + " screened");
        }
        if (rule instanceof CombinationRule.Kernel) {
            return record.scaledFeatures() ? SystemSolver.solveScaled(s, ridge) : SystemSolver.solve(s, ridge);
        }
        if (rule instanceof CombinationRule.Uniform) {
            return Combinations.uniform(s);
        }
        if (rule instanceof CombinationRule.SumToOne) {
            return Combinations.sumToOne(s, ridge);
        }
        if (rule instanceof CombinationRule.Route) {
            return Combinations.average(s, Routing.membersAt(fields, t, h), "route");
        }
        if (h == null) {
            throw new IllegalArgumentException("rule " + rule.id() + " chooses members by held-out loss: the ensemble"
                    + " needs held-out systems (fit with --heldout > 0 and without --no-systems)");
        }
        if (rule instanceof CombinationRule.Best) {
            return Combinations.best(s, h);
        }
        if (rule instanceof CombinationRule.Safe safe) {
            return Combinations.safe(s, h, safe.margin(), ridge, record.scaledFeatures());
        }
        return Combinations.top(s, h, ((CombinationRule.Top) rule).k(), ridge, record.scaledFeatures());
    }

    /** The same fields and systems, the weights made by another rule; shares (does not own) the fields. */
    public KernelEnsemble withRule(CombinationRule rule) {
        requireSystems();
        KernelEnsemble e = solve(fields, schedule, eta.times(), systems, heldOutSystems, record.withRule(rule));
        return new KernelEnsemble(fields, schedule, e.eta, systems, heldOutSystems, e.diagnostics, e.record, false);
    }

    /** The members with weight at fitting time index k (sparse rules: at most K of them). */
    public int[] active(int k) {
        double[] w = eta.eta()[k];
        return java.util.stream.IntStream.range(0, w.length)
                .filter(i -> w[i] != 0)
                .toArray();
    }

    /** Model evaluations per sample row so far (each active model field at each drift call counts one). */
    public long modelCalls() {
        return modelCalls.get();
    }

    private final java.util.concurrent.atomic.AtomicLong modelCalls = new java.util.concurrent.atomic.AtomicLong();

    /**
     * The candidate relative ridge of least mean held-out loss for these sums (the first such, in order): a validation
     * choice that costs no model evaluation.
     */
    static double leastHeldOutLoss(
            List<? extends FeatureField> fields,
            Schedule schedule,
            double[] times,
            FitSystems sums,
            FitRecord record,
            double[] candidates) {
        double best = Double.NaN;
        double bestLoss = Double.NaN;
        for (double r : candidates) {
            double loss = solve(fields, schedule, times, sums.train(), sums.heldOut(), record.withRidge(r))
                    .meanHeldOutLoss();
            if (Double.isNaN(best) || loss < bestLoss) {
                best = r;
                bestLoss = loss;
            }
        }
        return best;
    }

    /** Names the features whose rows of K_t or entries of h_t are NaN/Inf: the usual culprit is one field's output. */
    private static void requireFinite(LinearSystem s, List<? extends FeatureField> fields, double t) {
        List<String> bad = new ArrayList<>();
        for (int i = 0; i < s.size(); i++) {
            boolean ok = Double.isFinite(s.h()[i]);
            for (int j = 0; ok && j < s.size(); j++) {
                ok = Double.isFinite(s.k()[i][j]);
            }
            if (!ok && bad.size() < 5) {
                bad.add(fields.get(i).name());
            }
        }
        if (!bad.isEmpty()) {
            throw new IllegalArgumentException(String.format(
                    "the linear system at t=%.4f has NaN/Inf entries for the features %s%s:"
                            + " their fields returned non-finite values",
                    t, bad, bad.size() == 5 ? " and maybe more" : ""));
        }
    }

    /** The ensemble of the features {@code idx} only, solved from the stored systems; shares (does not own) fields. */
    public KernelEnsemble subset(int[] idx) {
        requireSystems();
        List<FeatureField> sub = new ArrayList<>();
        List<LinearSystem> s = new ArrayList<>();
        List<LinearSystem> h = heldOutSystems == null ? null : new ArrayList<>();
        for (int i : idx) {
            sub.add(fields.get(i));
        }
        for (int k = 0; k < systems.size(); k++) {
            s.add(systems.get(k).subset(idx));
            if (h != null) {
                h.add(heldOutSystems.get(k).subset(idx));
            }
        }
        KernelEnsemble e = solve(sub, schedule, eta.times(), s, h, record);
        return new KernelEnsemble(sub, schedule, e.eta, s, h, e.diagnostics, record, false);
    }

    /** The same features re-solved with another relative ridge. */
    public KernelEnsemble withRidge(double newRidge) {
        requireSystems();
        KernelEnsemble e = solve(fields, schedule, eta.times(), systems, heldOutSystems, record.withRidge(newRidge));
        return new KernelEnsemble(fields, schedule, e.eta, systems, heldOutSystems, e.diagnostics, e.record, false);
    }

    /**
     * Re-solved with the relative ridge, among {@code candidates}, of least mean held-out loss: a validation choice
     * that costs no model evaluation. Needs held-out systems (fit with held-out pairs).
     */
    public KernelEnsemble withBestRidge(double... candidates) {
        requireSystems();
        if (heldOutSystems == null) {
            throw new IllegalStateException("choosing the ridge needs held-out pairs: fit with a held-out PairSource");
        }
        KernelEnsemble best = null;
        for (double r : candidates.length == 0 ? RidgeRule.GRID : candidates) {
            KernelEnsemble e = withRidge(r);
            if (best == null || e.meanHeldOutLoss() < best.meanHeldOutLoss()) {
                best = e;
            }
        }
        return best;
    }

    private void requireSystems() {
        if (systems == null) {
            throw new IllegalStateException("this ensemble was saved without its linear systems; refit to re-solve");
        }
    }

    @Override
    public NDArray at(NDArray x, double t) {
        double[] w = eta.at(t);
        NDManager owner = x.getManager();
        try (NDManager scope = owner.newSubManager()) {
            x.tempAttach(scope);
            NDArray sum = null;
            Map<FeatureMap, double[]> mapWeights = new LinkedHashMap<>();
            for (int i = 0; i < fields.size(); i++) {
                if (w[i] == 0) {
                    continue;
                }
                if (fields.get(i) instanceof MapCoefficient mf) {
                    // one VJP per map: grad (eta . phi) instead of one backward pass per coefficient
                    mapWeights.computeIfAbsent(mf.map(), m -> new double[m.size()])[mf.index()] += w[i];
                    continue;
                }
                if (fields.get(i) instanceof ModelField) {
                    modelCalls.addAndGet(x.getShape().get(0));
                }
                NDArray term = fields.get(i).evaluate(x, t).mul((float) w[i]);
                sum = sum == null ? term : sum.add(term);
            }
            for (Map.Entry<FeatureMap, double[]> e : mapWeights.entrySet()) {
                FeatureMap m = e.getKey();
                NDArray term = Autograd.vjp(m::apply, x, scope.create(e.getValue()), m.inputType())
                        .toType(DataType.FLOAT32, false);
                sum = sum == null ? term : sum.add(term);
            }
            NDArray out = sum == null ? x.zerosLike() : sum;
            out.attach(owner);
            return out;
        }
    }

    public List<FeatureField> fields() {
        return fields;
    }

    @Override
    public int members() {
        return fields.size();
    }

    /** Field i at (x, t) as it is, without its weight: what per-sample mixing samplers (SuperDiff) combine. */
    @Override
    public NDArray member(int i, NDArray x, double t) {
        if (fields.get(i) instanceof ModelField) {
            modelCalls.addAndGet(x.getShape().get(0));
        }
        return fields.get(i).evaluate(x, t);
    }

    public Schedule schedule() {
        return schedule;
    }

    public EtaTable eta() {
        return eta;
    }

    public List<LinearSystem> systems() {
        return systems;
    }

    public List<LinearSystem> heldOutSystems() {
        return heldOutSystems;
    }

    public List<TimeDiagnostics> diagnostics() {
        return diagnostics;
    }

    public double ridge() {
        return record.ridge();
    }

    /** How the ensemble was fitted: pairs, batch, sample shape, scaling, ridge. */
    public FitRecord record() {
        return record;
    }

    /** Where the ensemble's models run (the first model's device; the CPU when no field is a model). */
    public Device device() {
        return FeatureFields.device(fields);
    }

    /** The shape of one sample, as the fit recorded it from its data. */
    public Shape sampleShape() {
        return record.shape();
    }

    /**
     * Draws samples from the ensemble on its own device, with two workers where its models allow it
     * ({@link FeatureFields#workers}); same request, same samples, whatever the workers. Returns [n, ...sampleShape]
     * attached to {@code out}.
     */
    public NDArray sample(SampleRequest request, NDManager out, Progress progress) {
        try (Workers workers = FeatureFields.workers(fields)) {
            return SampleRunner.sample(this, schedule, sampleShape(), device(), request, out, progress, workers);
        }
    }

    /** The fitting grid's K steps: the sampling grid {@code ksi sample} uses by default. */
    public int fittedSteps() {
        return eta.times().length - 1;
    }

    /** Mean held-out loss over the grid (NaN without held-out pairs): one number to compare ensembles. */
    public double meanHeldOutLoss() {
        return diagnostics.stream()
                .mapToDouble(TimeDiagnostics::heldOutLoss)
                .average()
                .orElse(Double.NaN);
    }

    public double meanTrainLoss() {
        return diagnostics.stream()
                .mapToDouble(TimeDiagnostics::trainLoss)
                .average()
                .orElse(Double.NaN);
    }

    private boolean closed;

    @Override
    public void close() {
        if (ownsFields && !closed) {
            fields.forEach(FeatureField::close);
        }
        closed = true;
    }

    @Override
    public String toString() {
        double h = meanHeldOutLoss();
        return String.format(
                "KernelEnsemble[P=%d, schedule=%s, %d times, ridge=%.1e, train loss %.4g, %s]",
                fields.size(),
                schedule.name(),
                eta.times().length,
                record.ridge(),
                meanTrainLoss(),
                Double.isNaN(h) ? "no held-out pairs" : String.format("held-out %.4g", h));
    }
}
