package io.ksi.app.demo;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.ksi.bridge.LoadOptions;
import io.ksi.bridge.Manifest;
import io.ksi.bridge.ModelSpec;
import io.ksi.bridge.Progress;
import io.ksi.bridge.Workers;
import io.ksi.ensemble.Fitter;
import io.ksi.ensemble.KernelEnsemble;
import io.ksi.ensemble.PairSource;
import io.ksi.ensemble.feature.AffineField;
import io.ksi.ensemble.feature.FeatureField;
import io.ksi.ensemble.feature.FeatureFields;
import io.ksi.ensemble.feature.IdentityField;
import io.ksi.ensemble.interpolant.Grids;
import io.ksi.ensemble.interpolant.Schedules;
import io.ksi.ensemble.metrics.Mmd;
import io.ksi.ensemble.metrics.PrecisionRecall;
import io.ksi.ensemble.sampling.Drift;
import io.ksi.ensemble.system.EtaTable;
import io.ksi.models.data.Dataset;
import io.ksi.models.data.Domain;
import io.ksi.models.data.ProceduralImages;
import io.ksi.models.oracle.FlowLikelihood;
import io.ksi.models.oracle.OracleLikelihood;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.stream.IntStream;

/**
 * The paper's ensemble experiment at laptop scale: cohorts of weak U-Nets, one fit of the union of all models on target
 * (digit) pairs — the Gram matrix of the union holds every subset's system — then an ensemble-size sweep per cohort and
 * a cross-domain composition, each scored by the oracle's log-likelihood, MMD and precision/recall.
 */
public final class WeakEnsembleStudy {
    /**
     * One scored ensemble (or a member as trained, or a reference sample). {@code heldOutLoss} is the mean held-out
     * regression loss of its drift over the fitting times (docs/method.md §2: lower is a better drift); NaN for the
     * reference samples.
     */
    public record Score(
            Group group,
            String cohort,
            int size,
            int[] members,
            double bitsPerDim,
            double bitsPerDimError,
            double mmd,
            double precision,
            double recall,
            double heldOutLoss,
            float[] samples) {
        /** The label in reports and results.json. */
        public String label() {
            return group.label(cohort);
        }

        public boolean is(Group g, String c) {
            return group == g && java.util.Objects.equals(cohort, c);
        }
    }

    /**
     * The cohort whose members are also scored as trained (unfitted): the one the paper's best-member claim is about.
     */
    public static final String RAW_COHORT = "digits-100";
    /**
     * Held-out digits scored under one drift's own probability-flow ODE (its model of the data, not its samples):
     * log-likelihood in bits/dim with its standard error and each digit's value (nats).
     */
    public record DataScore(
            DataGroup group,
            boolean rescored,
            int[] members,
            double bitsPerDim,
            double bitsPerDimError,
            double[] perSample) {
        public String label() {
            return group.label(rescored);
        }
    }

    /** Everything the report needs; {@code dataScores} is empty unless the settings ask for it. */
    public record Outcome(
            StudySettings settings,
            List<String> fieldNames,
            KernelEnsemble union,
            List<Score> scores,
            float[] reference,
            Map<String, Double> seconds,
            List<DataScore> dataScores) {}

    static final ai.djl.ndarray.types.Shape IMAGE =
            new ai.djl.ndarray.types.Shape(1, ProceduralImages.SIZE, ProceduralImages.SIZE);
    public static final List<String> COHORTS = List.of("digits-50", "digits-100");
    public static final List<String> OTHER_DOMAINS = List.of("letters", "garments", "cursive");

    private final Path manifest;
    private final Path oracle;
    private final StudySettings s;
    private final Consumer<String> log;
    private final Progress progress;

    public WeakEnsembleStudy(
            Path manifest, Path oracle, StudySettings settings, Consumer<String> log, Progress progress) {
        this.manifest = manifest;
        this.oracle = oracle;
        this.s = settings;
        this.log = log;
        this.progress = progress;
    }

    public Outcome run() {
        Map<String, Double> seconds = new LinkedHashMap<>();
        long t0 = System.nanoTime();
        List<ModelSpec> specs = new ArrayList<>();
        Manifest m = Manifest.read(manifest);
        for (String cohort : concat(COHORTS, OTHER_DOMAINS)) {
            List<ModelSpec> members = m.models().stream()
                    .filter(x -> cohort.equals(x.tags().get("cohort")))
                    .toList();
            if (members.isEmpty()) {
                throw new IllegalArgumentException(manifest + " has no models tagged cohort=" + cohort
                        + "; remake them with ./ksi demo --retrain");
            }
            specs.addAll(members);
        }
        Dataset target = ProceduralImages.generate(Domain.DIGITS, Math.max(2 * s.pairs(), 1000), s.seed() + 101);
        Dataset reference = ProceduralImages.generate(Domain.DIGITS, s.references(), s.seed() + 202);
        Dataset validation = ProceduralImages.generate(Domain.DIGITS, s.heldOutPairs(), s.seed() + 606);
        float[] ref;
        try (NDManager nd = NDManager.newBaseManager("PyTorch")) {
            ref = reference.toArray(nd).toFloatArray();
        }
        List<FeatureField> fields = FeatureFields.load(specs, LoadOptions.DEFAULT.withDevice("cpu"));
        List<String> names = fields.stream().map(FeatureField::name).toList();
        seconds.put("load", secondsSince(t0));
        log.accept(String.format(
                "loaded %d weak models; fitting the union on %d digit pairs (+%d held out) x %d times",
                fields.size(), s.pairs(), s.heldOutPairs(), s.fitSteps() + 1));
        long t1 = System.nanoTime();
        KernelEnsemble union = Fitter.fit(
                fields,
                Schedules.LINEAR,
                Grids.uniform(s.fitSteps()),
                new PairSource(target, s.pairs(), s.seed()),
                new PairSource(validation, s.heldOutPairs(), s.seed() + 1),
                Fitter.Options.defaults()
                        .withBatchSize(256)
                        .withProgress(progress)
                        .withParallelTimes(true));
        seconds.put("fit", secondsSince(t1));
        List<Score> scores;
        List<DataScore> dataScores = List.of();
        long t2 = System.nanoTime();
        double[] bandwidths = Mmd.bandwidths(ref, reference.dimension(), 0.5, 1, 2);
        ModelSpec oracleSpec = Manifest.read(oracle).models().get(0);
        List<Future<Score>> jobs = new ArrayList<>();
        try (OracleLikelihood o = new OracleLikelihood(oracleSpec);
                FeatureField oracleField = FeatureFields.load(
                                List.of(oracleSpec), LoadOptions.DEFAULT.withDevice("cpu"))
                        .get(0)) {
            // the oracle's drift quality on the very held-out pairs the ensembles are judged by (same source, same
            // seed)
            KernelEnsemble oracleOnHeldOut = Fitter.fit(
                    List.of(oracleField),
                    Schedules.LINEAR,
                    Grids.uniform(s.fitSteps()),
                    new PairSource(validation, s.heldOutPairs(), s.seed() + 1),
                    null,
                    Fitter.Options.defaults().withBatchSize(256));
            double oracleLoss = oracleOnHeldOut.systems().stream()
                    .mapToDouble(h -> h.loss(new double[] {1}))
                    .average()
                    .orElseThrow();
            Scorer sc = new Scorer(o, ref, bandwidths);
            try (ScorePipeline pipeline = new ScorePipeline()) {
                // the scale of the scores: what real digits and the oracle's own sampler get under the same protocol
                float[] digits = ProceduralImages.generate(Domain.DIGITS, s.samples(), s.seed() + 707)
                        .toFloatArray();
                float[] blank = new float[digits.length];
                java.util.Arrays.fill(blank, ProceduralImages.BACKGROUND);
                float[] faint = new float[digits.length];
                for (int i = 0; i < digits.length; i++) {
                    faint[i] = (digits[i] - ProceduralImages.BACKGROUND) * 0.5f + ProceduralImages.BACKGROUND;
                }
                jobs.add(sc.submit(pipeline, Group.DATA, null, new int[0], () -> digits, Double.NaN, 0));
                jobs.add(sc.submit(pipeline, Group.BLANK, null, new int[0], () -> blank, Double.NaN, 0));
                jobs.add(sc.submit(pipeline, Group.FAINT, null, new int[0], () -> faint, Double.NaN, 0));
                jobs.add(sc.submit(
                        pipeline, Group.ORACLE_SAMPLES, null, new int[0], oracleField::evaluate, oracleLoss, 0));
                KernelEnsemble gaussian = gaussianFit(target, validation);
                jobs.add(
                        sc.submit(pipeline, Group.GAUSSIAN, null, new int[0], gaussian, gaussian.meanHeldOutLoss(), 0));
                SplittableRandom pick = new SplittableRandom(s.seed() + 303);
                boolean referencesLogged = false;
                for (String cohort : COHORTS) {
                    int[] idx = indices(names, specs, cohort);
                    for (int p : s.ensembleSizes()) {
                        if (p == 1) {
                            for (int i : idx) {
                                jobs.add(sc.submit(pipeline, Group.COHORT, cohort, new int[] {i}, union));
                            }
                        } else if (p >= idx.length) {
                            jobs.add(sc.submit(pipeline, Group.COHORT, cohort, idx, union));
                        } else {
                            for (int r = 0; r < s.subsets(); r++) {
                                jobs.add(sc.submit(pipeline, Group.COHORT, cohort, randomSubset(idx, p, pick), union));
                            }
                        }
                    }
                    int asTrainedAt = jobs.size();
                    if (cohort.equals(RAW_COHORT)) {
                        for (int i : idx) {
                            jobs.add(sc.submit(
                                    pipeline,
                                    Group.AS_TRAINED,
                                    cohort,
                                    new int[] {i},
                                    fields.get(i)::evaluate,
                                    heldOutLossAsTrained(union, i),
                                    0));
                        }
                    }
                    // the best of 20 noisy scores is biased upwards: score the chosen member again on fresh samples and
                    // probes
                    List<Score> done = resolve(jobs);
                    if (!referencesLogged) {
                        log.accept(String.format(
                                "references: held-out digits %.3f, blank images %.3f, digits at half contrast %.3f, "
                                        + "the oracle's own samples %.3f bits/dim; an isotropic Gaussian %.3f "
                                        + "bits/dim with MMD² %.3f",
                                only(done, Group.DATA).bitsPerDim(),
                                only(done, Group.BLANK).bitsPerDim(),
                                only(done, Group.FAINT).bitsPerDim(),
                                only(done, Group.ORACLE_SAMPLES).bitsPerDim(),
                                only(done, Group.GAUSSIAN).bitsPerDim(),
                                only(done, Group.GAUSSIAN).mmd()));
                        referencesLogged = true;
                    }
                    Score best = best(done, Group.COHORT, cohort);
                    jobs.add(
                            asTrainedAt,
                            sc.submit(pipeline, Group.BEST_MEMBER_RESCORED, cohort, best.members(), union, 1));
                    if (cohort.equals(RAW_COHORT)) {
                        Score raw = best(done, Group.AS_TRAINED, cohort);
                        int i = raw.members()[0];
                        jobs.add(sc.submit(
                                pipeline,
                                Group.BEST_AS_TRAINED_RESCORED,
                                cohort,
                                raw.members(),
                                fields.get(i)::evaluate,
                                raw.heldOutLoss(),
                                1));
                    }
                    log.accept(summaryLine(cohort, done));
                }
                List<Future<DataScore>> dataJobs = new ArrayList<>();
                if (s.dataLikelihood()) {
                    dataJobs.addAll(dataLikelihoods(pipeline, specs, indices(names, specs, RAW_COHORT), union, digits));
                }
                int[] digitModels = java.util.Arrays.copyOf(indices(names, specs, RAW_COHORT), 10);
                int[] others = OTHER_DOMAINS.stream()
                        .flatMapToInt(c -> IntStream.of(indices(names, specs, c)))
                        .toArray();
                jobs.add(sc.submit(pipeline, Group.TARGET_ONLY, null, digitModels, union));
                jobs.add(sc.submit(pipeline, Group.OTHER_DOMAINS_ONLY, null, others, union));
                jobs.add(sc.submit(
                        pipeline,
                        Group.CROSS_DOMAIN,
                        null,
                        IntStream.concat(IntStream.of(digitModels), IntStream.of(others))
                                .toArray(),
                        union));
                if (!dataJobs.isEmpty()) {
                    dataScores = rescoreBest(pipeline, specs, dataJobs, union);
                }
                scores = resolve(jobs);
            }
        }
        seconds.put("sample+score", secondsSince(t2));
        seconds.put("total", secondsSince(t0));
        return new Outcome(s, names, union, scores, ref, seconds, dataScores);
    }

    /**
     * The affine KSI (features x and the target's mean image) on the study's own pairs: the best isotropic Gaussian
     * drift, with its ridge chosen on the held-out pairs like every ensemble's.
     */
    private KernelEnsemble gaussianFit(Dataset target, Dataset validation) {
        float[] v = target.toFloatArray();
        int d = target.dimension();
        double[] mean = new double[d];
        for (int i = 0; i < v.length; i++) {
            mean[i % d] += v[i];
        }
        for (int j = 0; j < d; j++) {
            mean[j] /= target.size();
        }
        List<FeatureField> affine = List.of(new IdentityField(), new AffineField("mean digit", null, mean));
        return Fitter.fit(
                        affine,
                        Schedules.LINEAR,
                        Grids.uniform(s.fitSteps()),
                        new PairSource(target, s.pairs(), s.seed()),
                        new PairSource(validation, s.heldOutPairs(), s.seed() + 1),
                        Fitter.Options.defaults().withBatchSize(256))
                .withBestRidge();
    }

    /**
     * Held-out digits under the flow of every member of a cohort alone (one-model fit and as trained) and of their
     * ensemble: a likelihood of the data under each drift, which a sampler cannot win by collapsing. Queued with the
     * oracle's scores (one gradient collector).
     */
    private List<Future<DataScore>> dataLikelihoods(
            ScorePipeline p, List<ModelSpec> specs, int[] idx, KernelEnsemble union, float[] digits) {
        List<Future<DataScore>> out = new ArrayList<>();
        for (int i : idx) {
            EtaTable eta = union.subset(new int[] {i}).withBestRidge().eta();
            out.add(p.submit(
                    () -> digits, x -> flowScore(DataGroup.ONE_MODEL_FIT, false, new int[] {i}, eta::at, specs, x, 0)));
            out.add(p.submit(
                    () -> digits, x -> flowScore(DataGroup.AS_TRAINED, false, new int[] {i}, t -> ONE, specs, x, 0)));
        }
        EtaTable all = union.subset(idx).withBestRidge().eta();
        out.add(p.submit(() -> digits, x -> flowScore(DataGroup.ENSEMBLE, false, idx, all::at, specs, x, 0)));
        return out;
    }

    private static final double[] ONE = {1};

    /** The best member alone and the ensemble, scored again on fresh held-out digits and probes (no selection bias). */
    private List<DataScore> rescoreBest(
            ScorePipeline p, List<ModelSpec> specs, List<Future<DataScore>> jobs, KernelEnsemble union) {
        List<DataScore> done = jobs.stream().map(Workers::get).toList();
        DataScore best = done.stream()
                .filter(d -> d.members().length == 1)
                .max(java.util.Comparator.comparingDouble(DataScore::bitsPerDim))
                .orElseThrow();
        DataScore ens = done.stream()
                .filter(d -> d.group() == DataGroup.ENSEMBLE)
                .findFirst()
                .orElseThrow();
        float[] fresh = ProceduralImages.generate(Domain.DIGITS, s.samples(), s.seed() + 808)
                .toFloatArray();
        java.util.function.DoubleFunction<double[]> bestWeights = best.group() == DataGroup.AS_TRAINED
                ? t -> ONE
                : union.subset(best.members()).withBestRidge().eta()::at;
        EtaTable all = union.subset(ens.members()).withBestRidge().eta();
        Future<DataScore> b =
                p.submit(() -> fresh, x -> flowScore(best.group(), true, best.members(), bestWeights, specs, x, 1));
        Future<DataScore> e =
                p.submit(() -> fresh, x -> flowScore(DataGroup.ENSEMBLE, true, ens.members(), all::at, specs, x, 1));
        List<DataScore> out = new ArrayList<>(done);
        out.add(Workers.get(b));
        out.add(Workers.get(e));
        return out;
    }

    private DataScore flowScore(
            DataGroup group,
            boolean rescored,
            int[] members,
            java.util.function.DoubleFunction<double[]> weights,
            List<ModelSpec> specs,
            float[] x,
            int replicate) {
        List<ModelSpec> sp =
                java.util.Arrays.stream(members).mapToObj(specs::get).toList();
        try (FlowLikelihood f = new FlowLikelihood(sp, weights, group.label(rescored));
                NDManager nd = NDManager.newBaseManager("PyTorch")) {
            FlowLikelihood.Result r = f.evaluate(
                    nd.create(x, new ai.djl.ndarray.types.Shape(x.length / IMAGE.size()).addAll(IMAGE)),
                    s.oracleSteps(),
                    s.probes(),
                    s.seed() + 505 + 1000L * replicate,
                    s.likelihoodStart());
            return new DataScore(group, rescored, members, r.bitsPerDim(), r.bitsPerDimError(), r.perSample());
        }
    }

    /** Mean held-out loss of member i's own velocity: its held-out systems evaluated at eta = 1. */
    static double heldOutLossAsTrained(KernelEnsemble union, int i) {
        return union.heldOutSystems().stream()
                .mapToDouble(h -> h.subset(new int[] {i}).loss(new double[] {1}))
                .average()
                .orElseThrow();
    }

    private static List<Score> resolve(List<Future<Score>> jobs) {
        return jobs.stream().map(Workers::get).toList();
    }

    /** The member alone (P = 1) of the highest likelihood in a group. */
    private static Score best(List<Score> scores, Group group, String cohort) {
        return scores.stream()
                .filter(x -> x.is(group, cohort) && x.size() == 1)
                .max(java.util.Comparator.comparingDouble(Score::bitsPerDim))
                .orElseThrow();
    }

    /** The one score of a group without cohort (a reference or a cross-domain composition). */
    static Score only(List<Score> scores, Group group) {
        List<Score> found = scores.stream().filter(x -> x.group() == group).toList();
        if (found.size() != 1) {
            throw new IllegalStateException("expected one score of " + group + ", found " + found.size());
        }
        return found.get(0);
    }

    /**
     * Samples a drift (ensembles: a subset of the union with its own best ridge; members as trained: their own
     * velocity) and scores the samples, as one job of the pipeline. {@code replicate} > 0 draws fresh samples and
     * probes (same seed otherwise).
     */
    private final class Scorer {
        private final OracleLikelihood oracle;
        private final float[] ref;
        private final double[] bw;

        Scorer(OracleLikelihood oracle, float[] ref, double[] bw) {
            this.oracle = oracle;
            this.ref = ref;
            this.bw = bw;
        }

        Future<Score> submit(ScorePipeline p, Group group, String cohort, int[] members, KernelEnsemble union) {
            return submit(p, group, cohort, members, union, 0);
        }

        Future<Score> submit(
                ScorePipeline p, Group group, String cohort, int[] members, KernelEnsemble union, int replicate) {
            KernelEnsemble e = union.subset(members).withBestRidge();
            return submit(p, group, cohort, members, e, e.meanHeldOutLoss(), replicate);
        }

        Future<Score> submit(
                ScorePipeline p,
                Group group,
                String cohort,
                int[] members,
                Drift drift,
                double heldOutLoss,
                int replicate) {
            return submit(p, group, cohort, members, () -> sample(drift, replicate), heldOutLoss, replicate);
        }

        Future<Score> submit(
                ScorePipeline p,
                Group group,
                String cohort,
                int[] members,
                java.util.concurrent.Callable<float[]> samples,
                double heldOutLoss,
                int replicate) {
            return p.submit(samples, v -> score(group, cohort, members, v, heldOutLoss, replicate));
        }

        private float[] sample(Drift drift, int replicate) {
            return DemoSampling.optimal(drift, IMAGE, s.samples(), s.sampleSteps(), s.seed() + 404 + 1000L * replicate);
        }

        private Score score(Group group, String cohort, int[] members, float[] v, double heldOutLoss, int replicate) {
            OracleLikelihood.Result ll;
            try (NDManager nd = NDManager.newBaseManager("PyTorch")) {
                NDArray x = nd.create(v, new ai.djl.ndarray.types.Shape(v.length / IMAGE.size()).addAll(IMAGE));
                ll = oracle.evaluate(
                        x, s.oracleSteps(), s.probes(), s.seed() + 505 + 1000L * replicate, s.likelihoodStart());
            }
            int d = (int) IMAGE.size();
            double mmd = Mmd.squared(v, ref, d, bw);
            PrecisionRecall.Result pr = PrecisionRecall.compute(ref, v, d, 3);
            return new Score(
                    group,
                    cohort,
                    members.length,
                    members,
                    ll.bitsPerDim(),
                    ll.bitsPerDimError(),
                    mmd,
                    pr.precision(),
                    pr.recall(),
                    heldOutLoss,
                    v);
        }
    }

    private static String summaryLine(String cohort, List<Score> scores) {
        StringBuilder b = new StringBuilder(cohort + ": log-likelihood (bits/dim) by P:");
        scores.stream()
                .filter(x -> x.is(Group.COHORT, cohort))
                .mapToInt(Score::size)
                .distinct()
                .forEach(p -> {
                    double mean = scores.stream()
                            .filter(x -> x.is(Group.COHORT, cohort) && x.size() == p)
                            .mapToDouble(Score::bitsPerDim)
                            .average()
                            .orElse(Double.NaN);
                    b.append(String.format(" P=%d %.3f", p, mean));
                });
        return b.toString();
    }

    static int[] indices(List<String> names, List<ModelSpec> specs, String cohort) {
        return IntStream.range(0, names.size())
                .filter(i -> cohort.equals(specs.get(i).tags().get("cohort")))
                .toArray();
    }

    private static int[] randomSubset(int[] idx, int p, SplittableRandom r) {
        int[] c = idx.clone();
        for (int i = 0; i < p; i++) {
            int j = i + r.nextInt(c.length - i);
            int t = c[i];
            c[i] = c[j];
            c[j] = t;
        }
        int[] out = java.util.Arrays.copyOf(c, p);
        java.util.Arrays.sort(out);
        return out;
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }

    private static double secondsSince(long start) {
        return (System.nanoTime() - start) / 1e9;
    }
}
