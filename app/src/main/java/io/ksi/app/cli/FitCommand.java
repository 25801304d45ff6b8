package io.ksi.app.cli;

import io.ksi.app.plot.Plots;
import io.ksi.bridge.AtomicFiles;
import io.ksi.bridge.LoadOptions;
import io.ksi.bridge.ModelRefs;
import io.ksi.data.Dataset;
import io.ksi.ensemble.Accumulation;
import io.ksi.ensemble.BestMemberCheck;
import io.ksi.ensemble.DistributedFit;
import io.ksi.ensemble.EnsembleFile;
import io.ksi.ensemble.FitPlan;
import io.ksi.ensemble.FitRecord;
import io.ksi.ensemble.Fitter;
import io.ksi.ensemble.KernelEnsemble;
import io.ksi.ensemble.PairSource;
import io.ksi.ensemble.RidgeRule;
import io.ksi.ensemble.feature.FeatureField;
import io.ksi.ensemble.feature.FeatureFields;
import io.ksi.ensemble.feature.IdentityField;
import io.ksi.ensemble.feature.ModelField;
import io.ksi.ensemble.interpolant.Grids;
import io.ksi.ensemble.interpolant.Schedules;
import io.ksi.ensemble.system.TimeDiagnostics;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
        mixinStandardHelpOptions = true,
        name = "fit",
        description = "Fit eta(t) for a set of models on target data and save the ensemble.")
final class FitCommand implements Callable<Integer> {
    @Option(
            names = "--models",
            required = true,
            description = "a manifest, manifest#name, or a comma-separated list of .pt/.onnx")
    String models;

    @Option(
            names = "--data",
            required = true,
            description =
                    "target samples: .npy [N, ...], an MNIST-family IDX image file (.gz) or a folder of PNG images "
                            + "(images scaled to [-1, 1])")
    Path data;

    @Option(
            names = "--pairs",
            defaultValue = "2048",
            description = "pairs (x0, x1) per time (default: ${DEFAULT-VALUE})")
    int pairs;

    @Option(
            names = "--heldout",
            description = "held-out pairs, from data rows kept out of the fit; 0 for none (default: a quarter of"
                    + " --pairs, at most 512: the held-out loss only diagnoses and picks --ridge auto, and every"
                    + " held-out pair costs P model calls per time, as a training pair does)")
    Integer heldOutOption;

    /** The held-out pairs this fit uses. */
    private int heldOut;

    @Option(
            names = "--steps",
            defaultValue = "50",
            description = "time steps K of the fitting grid (default: ${DEFAULT-VALUE})")
    int steps;

    @Option(names = "--schedule", defaultValue = "linear", description = "linear or trig (default: ${DEFAULT-VALUE})")
    String schedule;

    @Option(
            names = "--ridge",
            defaultValue = "1e-6",
            description = "ridge relative to trace(K)/P, or auto: the one of least " + "held-out loss among "
                    + "1e-6, 1e-4, 1e-3, 1e-2, 3e-2, 1e-1 (default: ${DEFAULT-VALUE})")
    String ridge;

    @Option(names = "--identity", description = "add the field x itself to the features")
    boolean identity;

    @Option(names = "--seed", defaultValue = "0", description = "seed of the pairs (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--out", defaultValue = "ensemble.json", description = "ensemble file (default: ${DEFAULT-VALUE})")
    Path out;

    @Option(names = "--no-systems", description = "do not store the linear systems (smaller file, no re-solving)")
    boolean noSystems;

    @Option(
            names = "--spark",
            paramLabel = "MASTER",
            description = "accumulate the Gram sums on Apache Spark (e.g. local[2], yarn; under spark-submit its master"
                    + " wins): the same eta table as the local fit, bit for bit (docs/distributed.md)")
    String spark;

    @Option(
            names = "--partitions",
            defaultValue = "0",
            description = "Spark tasks to spread the (pair batch, time) units over; 0: Spark's default parallelism."
                    + " The result does not depend on it")
    int partitions;

    @Option(
            names = "--active",
            paramLabel = "K",
            description = "a sparse fit: screen every model on --screen-pairs pairs, keep K per time (top:K), and"
                    + " evaluate only those on the full pairs; sampling then calls K models per step")
    Integer active;

    @Option(
            names = "--screen-pairs",
            paramLabel = "N",
            description = "pairs of the --active screening fit (default: an eighth of --pairs, at least 64)")
    Integer screenPairs;

    @Option(
            names = "--screen-every",
            paramLabel = "N",
            defaultValue = "1",
            description = "the --active screen fits every N-th time of the grid (and the last); a time between takes"
                    + " the nearest screened time's members (default: ${DEFAULT-VALUE}, every time)")
    int screenEvery;

    @Mixin
    EngineOptions engine;

    @Override
    public Integer call() {
        Checks.atLeast("--pairs", pairs, 1);
        heldOut = heldOutOption != null ? heldOutOption : Math.min(MAX_DEFAULT_HELD_OUT, pairs / 4);
        Checks.atLeast("--heldout", heldOut, 0);
        if (heldOutOption == null && heldOut == 0) {
            System.err.printf(
                    "ksi fit: warning: no held-out pairs (a quarter of --pairs %d rounds to 0): the table shows no"
                            + " held-out loss; give --heldout N%n",
                    pairs);
        }
        Checks.atLeast("--steps", steps, 1);
        Checks.atLeast("--partitions", partitions, 0);
        RidgeRule ridgeRule = RidgeRule.parse(ridge);
        LoadOptions load = engine.load();
        Dataset all = Dataset.load(data);
        int keep = heldOut > 0 ? Math.max(1, all.size() / 10) : 0;
        if (all.size() - keep < 1) {
            throw new IllegalArgumentException(
                    data + ": " + all.size() + " samples are too few to hold some out; use --heldout 0");
        }
        warnIfFew(all.size() - keep, keep);
        if (ridgeRule instanceof RidgeRule.Auto && keep == 0) {
            throw new IllegalArgumentException("--ridge auto chooses by held-out loss: give --heldout > 0");
        }
        FitPlan plan = FitPlan.builder(
                        Schedules.byName(schedule),
                        Grids.uniform(steps),
                        new PairSource(all.slice(0, all.size() - keep), pairs, seed))
                .heldOut(
                        keep > 0
                                ? new PairSource(
                                        all.slice(all.size() - keep, all.size()), heldOut, PairSource.heldOutSeed(seed))
                                : null)
                .batchSize(engine.batch)
                .ridge(ridgeRule)
                .parallelTimes(true)
                .progress(engine.progress())
                .build();
        if (active != null && spark != null) {
            throw new IllegalArgumentException("--active runs on this machine: drop --spark, or fit densely on Spark"
                    + " and choose the active members with ksi solve --rule top:K");
        }
        if (active != null) {
            Checks.atLeast("--active", active, 1);
            if (keep == 0) {
                throw new IllegalArgumentException("--active chooses members by held-out loss: give --heldout > 0");
            }
        }
        if (screenEvery != 1 && active == null) {
            throw new IllegalArgumentException("--screen-every belongs to a screened fit: add --active K");
        }
        Checks.atLeast("--screen-every", screenEvery, 1);
        int screen = screenPairs != null ? screenPairs : Math.min(pairs, Math.max(64, pairs / 8));
        // the Spark engine is found before any model loads, so that a missing module fails at once
        Accumulation accumulation = spark == null ? Fitter.LOCAL : DistributedFit.on(spark, partitions);
        List<FeatureField> fields = new ArrayList<>(FeatureFields.load(ModelRefs.resolve(models), load));
        if (identity) {
            fields.add(new IdentityField());
        }
        // until an ensemble owns them, the loaded models are this command's to close when anything fails
        KernelEnsemble e;
        long start;
        try {
            FeatureFields.checkShapes(fields, all.sampleShape(), data.toString());
            checkConventionSchedules(fields);
            fields.forEach(f -> f.warmup(Math.min(engine.batch, pairs)));
            if (pairs < fields.size()) {
                System.err.printf(
                        "ksi fit: warning: %d pairs per time for P=%d fields: fewer pairs than fields fit the pairs,"
                                + " not the data; use at least %d%n",
                        pairs, fields.size(), fields.size());
            }
            start = System.nanoTime();
            e = active == null
                    ? Fitter.fit(fields, plan, accumulation)
                    : Fitter.screened(fields, plan, active, screen, screenEvery);
        } catch (RuntimeException | Error ex) {
            fields.forEach(FeatureField::close);
            throw ex;
        }
        try (e) {
            double seconds = (System.nanoTime() - start) / 1e9;
            Path etaPng = Plots.beside(out, ".eta.png");
            Path diagPng = Plots.beside(out, ".diagnostics.png");
            // the ensemble and its pictures change together: a failure in any leaves all three as they were
            try (AtomicFiles.Batch files = new AtomicFiles.Batch()) {
                files.stage(out, AtomicFiles.text(EnsembleFile.json(out, e, !noSystems)));
                files.stage(etaPng, Plots.png(Plots.eta(e)));
                files.stage(diagPng, Plots.png(Plots.diagnostics(e)));
                files.commit();
            }
            report(e, seconds, etaPng, diagPng);
            BestMemberCheck.check(e).ifPresent(w -> System.err.println("ksi fit: note: " + w));
        }
        return 0;
    }

    /**
     * A checkpoint of another convention returns the velocity of the ksi schedule its manifest entry names (linear by
     * default): fitting it into an ensemble of another schedule would mix two interpolants.
     */
    private void checkConventionSchedules(List<FeatureField> fields) {
        String wanted = Schedules.byName(schedule).name();
        for (FeatureField f : fields) {
            if (f instanceof ModelField m && m.spec() != null && m.spec().convention() != null) {
                String has = Schedules.byName(m.spec().schedule()).name();
                if (!has.equals(wanted)) {
                    throw new IllegalArgumentException("model '" + f.name() + "' ("
                            + m.spec().convention().kind()
                            + ") returns velocities of the " + has + " schedule but the fit uses " + wanted
                            + ": set \"schedule\": \"" + schedule + "\" in its manifest entry or fit with --schedule "
                            + has);
                }
            }
        }
    }

    /**
     * A fit draws its pairs from the training rows: with a handful of rows it fits those samples, not their
     * distribution, and a held-out loss from a handful of rows says little. Said before the work starts.
     */
    private void warnIfFew(int trainRows, int heldOutRows) {
        if (trainRows < FEW_ROWS || (heldOutRows > 0 && heldOutRows < FEW_ROWS)) {
            System.err.printf(
                    "ksi fit: warning: %s has %d rows: the %d pairs per time come from %d of them%s; the fit learns "
                            + "those samples rather than their distribution%n",
                    data,
                    trainRows + heldOutRows,
                    pairs,
                    trainRows,
                    heldOutRows > 0 ? " and the held-out loss from " + heldOutRows : "");
        }
    }

    /** A loss for the table: "-" where there is none (no held-out pairs), never NaN. */
    private static String orDash(double loss) {
        return Double.isNaN(loss) ? "-" : String.format(java.util.Locale.ROOT, "%.4g", loss);
    }

    /**
     * The default held-out pairs' cap. It was a flat 512, which made a 250-pair fit evaluate 3x the pairs it fits on
     * (issue L: the "slow" fit of 20 paper-size U-Nets ran at 1.2 ms per model call, the engine's speed, on 762 pairs).
     */
    private static final int MAX_DEFAULT_HELD_OUT = 512;

    /** Rows below which a fit or its held-out loss stands on too few samples to mean much. */
    private static final int FEW_ROWS = 16;

    private void report(KernelEnsemble e, double seconds, Path etaPng, Path diagPng) {
        List<TimeDiagnostics> d = e.diagnostics();
        System.out.printf(
                "fitted P=%d fields on %d pairs x %d times (%s schedule) in %.1f s%n",
                e.fields().size(), pairs, d.size(), e.schedule().name(), seconds);
        if (e.record().screened()) {
            FitRecord r = e.record();
            long p = e.fields().size();
            long dense = p * (r.pairs() + r.heldOutPairs()) * d.size();
            int screenedTimes = Fitter.screenedTimes(d.size(), r.screenEvery()).length;
            long screenCalls = p * (r.screenPairs() + r.screenHeldOutPairs()) * screenedTimes;
            long activeCalls = 0;
            for (int k = 0; k < d.size(); k++) {
                activeCalls += (long) e.active(k).length * (r.pairs() + r.heldOutPairs());
            }
            System.out.printf(
                    "sparse fit (%s): screened all %d on %d + %d pairs at %d of %d times, then the active ones on"
                            + " the full pairs; model calls %,d + %,d = %,d (a dense fit: %,d, %.1fx)%n",
                    r.rule().id(),
                    p,
                    r.screenPairs(),
                    r.screenHeldOutPairs(),
                    screenedTimes,
                    d.size(),
                    screenCalls,
                    activeCalls,
                    screenCalls + activeCalls,
                    dense,
                    (double) dense / (screenCalls + activeCalls));
        }
        System.out.printf("%6s %10s %10s %10s %10s %s%n", "t", "train", "held-out", "explained", "cond", "solve");
        int stride = Math.max(1, d.size() / 10);
        for (int k = 0; k < d.size(); k += stride) {
            TimeDiagnostics x = d.get(k);
            System.out.printf(
                    "%6.3f %10.4g %10s %10.3f %10.3g %s%n",
                    x.t(), x.trainLoss(), orDash(x.heldOutLoss()), x.explained(), x.condition(), x.method());
        }
        System.out.printf(
                "mean train loss %.4g, %s%n",
                e.meanTrainLoss(),
                heldOut > 0 ? "mean held-out loss " + orDash(e.meanHeldOutLoss()) : "no held-out pairs (--heldout 0)");
        System.out.println("wrote " + out + ", " + etaPng + ", " + diagPng);
    }
}
