package io.ksi.app.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.ksi.bridge.DjlVelocityField;
import io.ksi.bridge.EngineSettings;
import io.ksi.bridge.LoadOptions;
import io.ksi.bridge.ModelLoader;
import io.ksi.bridge.ModelSpec;
import io.ksi.bridge.Workers;
import io.ksi.models.train.VelocityTrainer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToIntFunction;

/**
 * {@code ksi bench --what paper}: the paper's MNIST configuration (20 U-Nets of 32/64/128 channels, N = 1000 pairs, K =
 * 100 times, 1000 samples of the 100-step optimal sampler) run through the plain CLI, {@code ksi fit} and {@code ksi
 * sample} timed apart, beside the engine's own rate for the same model and batch and the machine's float32 matmul rate.
 * {@code fraction} scales the cost: N, K and n each by its square root.
 */
final class PaperBench implements Benchmark {
    static final int MEMBERS = 20;
    static final int PAIRS = 1000;
    static final int TIMES = 100;
    static final int SAMPLES = 1000;

    /** One run's size: the fit's pairs, held-out pairs and steps, and the samples drawn with as many steps. */
    record Scale(int pairs, int heldOut, int steps, int samples) {
        static Scale of(double fraction) {
            if (!(fraction > 0 && fraction <= 1)) {
                throw new IllegalArgumentException("--fraction must be in (0, 1], got " + fraction);
            }
            double s = Math.sqrt(fraction);
            int pairs = Math.max(4, (int) Math.round(PAIRS * s));
            int steps = Math.max(2, (int) Math.round(TIMES * s));
            int samples = Math.max(2, (int) Math.round(SAMPLES * s));
            return new Scale(pairs, Math.min(512, pairs / 4), steps, samples);
        }

        /** Model calls of the fit: every member at every pair (training and held out) and every grid time. */
        long fitEvaluations(int members) {
            return (long) members * (pairs + heldOut) * (steps + 1);
        }

        /** Model calls of the sampler: every member at every sample and every step but the last time. */
        long sampleEvaluations(int members) {
            return (long) members * samples * steps;
        }
    }

    /** What one run measured; rates are model evaluations (one sample through one member) per second. */
    record Result(
            Scale scale,
            double fraction,
            double fitSeconds,
            double sampleSeconds,
            double engineOneStream,
            double engineTwoStreams,
            double matmulGflops) {
        double fitRate() {
            return scale.fitEvaluations(MEMBERS) / fitSeconds;
        }

        double sampleRate() {
            return scale.sampleEvaluations(MEMBERS) / sampleSeconds;
        }

        double engineLimit() {
            return Math.max(engineOneStream, engineTwoStreams);
        }

        /** Minutes the full configuration would take at this run's rates. */
        double fullMinutes() {
            return (fitSeconds + sampleSeconds) / fraction / 60;
        }
    }

    @Override
    public void run(BenchSettings s) throws Exception {
        run(s.fraction(), s.batch(), s.root(), s.work(), s.members(), s.ksi());
    }

    /**
     * Runs and reports the bench; {@code root} is the ksi checkout (data and template), {@code members} may be empty.
     */
    static Result run(double fraction, int batch, Path root, Path work, List<Path> members, ToIntFunction<String[]> ksi)
            throws Exception {
        Scale scale = Scale.of(fraction);
        Path data = root.resolve("data/real/mnist/train-images-idx3-ubyte.gz");
        Files.createDirectories(work);
        if (members.isEmpty()) {
            members = generateMembers(root.resolve("models/templates/unet_mnist.pt"), work.resolve("members"));
        }
        if (members.size() != MEMBERS) {
            throw new IllegalArgumentException("--what paper needs " + MEMBERS + " members, got " + members.size());
        }
        System.out.printf(
                "paper: P=%d, N=%d pairs (+%d held out) x %d steps, n=%d samples x %d steps (fraction %.4g)%n",
                MEMBERS, scale.pairs, scale.heldOut, scale.steps, scale.samples, scale.steps, fraction);
        ModelSpec first = asTemplate(ModelSpec.of(members.get(0)), root);
        int fitBatch = Math.min(batch, scale.pairs);
        double one = engineRate(first, fitBatch, false);
        double two = engineRate(first, fitBatch, true);
        double gflops = matmulGflops();
        String refs = String.join(",", members.stream().map(Path::toString).toList());
        Path ensemble = work.resolve("ensemble.json");
        double fit = timedFit(ksi, refs, data, scale, batch, ensemble);
        double sample = timedSample(ksi, ensemble, scale, batch, work.resolve("samples.npy"));
        Result r = new Result(scale, fraction, fit, sample, one, two, gflops);
        report(r, first, fitBatch);
        sparse(r, ensemble, data, work, batch, refs, ksi);
        return r;
    }

    /** Members per time of the sparse runs. */
    static final int ACTIVE = 4;

    /** The coarse screen's stride: every 4th fitting time (26 of the paper's 101, 8 of the 1/16 run's 26). */
    static final int SCREEN_EVERY = 4;

    /**
     * The sparse runs beside the dense one: the dense fit re-solved with 4 active members per time ({@code ksi solve
     * --rule top:4}) and sampled (4 calls per step instead of 20), and a screened sparse fit ({@code ksi fit --active
     * 4}: every member on an eighth of the pairs, then only the 4 chosen per time on all of them) and its sampling, and
     * the same with the screen at every 4th time only.
     */
    private static void sparse(
            Result r, Path ensemble, Path data, Path work, int batch, String refs, ToIntFunction<String[]> ksi) {
        Path top = work.resolve("ensemble-top" + ACTIVE + ".json");
        timed(
                ksi,
                "solve",
                "-q",
                "--ensemble",
                ensemble.toString(),
                "--rule",
                "top:" + ACTIVE,
                "--out",
                top.toString());
        double sample = timedSample(ksi, top, r.scale, batch, work.resolve("samples-top" + ACTIVE + ".npy"));
        Path screened = work.resolve("ensemble-active" + ACTIVE + ".json");
        double fit = timedFit(ksi, refs, data, r.scale, batch, screened, "--active", Integer.toString(ACTIVE));
        double screenedSample =
                timedSample(ksi, screened, r.scale, batch, work.resolve("samples-active" + ACTIVE + ".npy"));
        Path coarse = work.resolve("ensemble-active" + ACTIVE + "-every" + SCREEN_EVERY + ".json");
        double coarseFit = timedFit(
                ksi,
                refs,
                data,
                r.scale,
                batch,
                coarse,
                "--active",
                Integer.toString(ACTIVE),
                "--screen-every",
                Integer.toString(SCREEN_EVERY));
        double coarseSample = timedSample(
                ksi,
                coarse,
                r.scale,
                batch,
                work.resolve("samples-active" + ACTIVE + "-every" + SCREEN_EVERY + ".npy"));
        System.out.println("| run | fit | sample | mean held-out loss | full scale |");
        System.out.println("|---|--:|--:|--:|--:|");
        row("dense, 20 members", r.fitSeconds, r.sampleSeconds, heldOutLoss(ensemble), r.fraction);
        row("dense fit, top:" + ACTIVE + " sampling", r.fitSeconds, sample, heldOutLoss(top), r.fraction);
        row("ksi fit --active " + ACTIVE + ", sampling", fit, screenedSample, heldOutLoss(screened), r.fraction);
        row(
                "ksi fit --active " + ACTIVE + " --screen-every " + SCREEN_EVERY + ", sampling",
                coarseFit,
                coarseSample,
                heldOutLoss(coarse),
                r.fraction);
    }

    private static void row(String run, double fit, double sample, double loss, double fraction) {
        System.out.printf(
                "| %s | %.1f s | %.1f s | %.4g | %.1f min |%n", run, fit, sample, loss, (fit + sample) / fraction / 60);
    }

    /** Seconds of {@code ksi fit} of the members at the run's scale (pairs, steps), with {@code extra} options. */
    private static double timedFit(
            ToIntFunction<String[]> ksi, String refs, Path data, Scale scale, int batch, Path out, String... extra) {
        List<String> args = new ArrayList<>(List.of(
                "fit",
                "-q",
                "--models",
                refs,
                "--data",
                data.toString(),
                "--pairs",
                Integer.toString(scale.pairs),
                "--steps",
                Integer.toString(scale.steps),
                "--batch",
                Integer.toString(batch),
                "--out",
                out.toString()));
        args.addAll(List.of(extra));
        return timed(ksi, args.toArray(String[]::new));
    }

    private static double heldOutLoss(Path ensemble) {
        try (io.ksi.ensemble.KernelEnsemble e = io.ksi.ensemble.EnsembleFile.read(ensemble, LoadOptions.DEFAULT)) {
            return e.meanHeldOutLoss();
        }
    }

    /**
     * A member file as the paper's U-Net: the members are that architecture, so their inputs (shape and names) are the
     * template's as its manifest declares them (models/templates/manifest.json, unet_mnist); a bare TorchScript file
     * declares none.
     */
    static ModelSpec asTemplate(ModelSpec member, Path root) {
        ModelSpec t = io.ksi.bridge.Manifest.read(root.resolve("models/templates/manifest.json"))
                .get("unet_mnist");
        return new ModelSpec(
                member.name(),
                member.file(),
                member.format(),
                member.inputShape() != null ? member.inputShape() : t.inputShape(),
                member.time(),
                member.output(),
                member.outputScale(),
                member.schedule(),
                member.inputNames() != null ? member.inputNames() : t.inputNames(),
                member.tags(),
                member.convention());
    }

    private static void report(Result r, ModelSpec first, int batch) {
        Scale s = r.scale;
        System.out.printf(
                "  engine (%s, batch %d): 1 stream x %d threads %.1f evaluations/s, 2 streams x %d thread %.1f;"
                        + " float32 matmul 1024^3: %.1f GFLOP/s%n",
                first.format(),
                batch,
                EngineSettings.threads(),
                r.engineOneStream,
                Math.max(1, EngineSettings.threads() / 2),
                r.engineTwoStreams,
                r.matmulGflops);
        System.out.println("| step | wall | model evaluations | evaluations/s | of the engine's limit |");
        System.out.println("|---|--:|--:|--:|--:|");
        System.out.printf(
                "| ksi fit | %.1f s | %,d | %.1f | %.0f%% |%n",
                r.fitSeconds, s.fitEvaluations(MEMBERS), r.fitRate(), 100 * r.fitRate() / r.engineLimit());
        System.out.printf(
                "| ksi sample | %.1f s | %,d | %.1f | %.0f%% |%n",
                r.sampleSeconds, s.sampleEvaluations(MEMBERS), r.sampleRate(), 100 * r.sampleRate() / r.engineLimit());
        System.out.printf(
                "full scale (fraction 1) at these rates: %.1f min (fit %.1f + sample %.1f); the engine's limit alone:"
                        + " %.1f min%n",
                r.fullMinutes(),
                r.fitSeconds / r.fraction / 60,
                r.sampleSeconds / r.fraction / 60,
                (Scale.of(1).fitEvaluations(MEMBERS) + Scale.of(1).sampleEvaluations(MEMBERS)) / r.engineLimit() / 60);
    }

    /**
     * The members: the template's architecture from seeds 0..19, untrained (random initialization is all a timing
     * needs). Written once; the same seeds give the same files.
     */
    static List<Path> generateMembers(Path template, Path dir) throws Exception {
        Files.createDirectories(dir);
        List<Path> out = new ArrayList<>();
        long start = System.nanoTime();
        int made = 0;
        for (int i = 0; i < MEMBERS; i++) {
            Path p = dir.resolve(String.format("member-%02d.pt", i));
            if (!Files.exists(p)) {
                VelocityTrainer.initialize(template, i, p);
                made++;
            }
            out.add(p);
        }
        System.out.printf(
                "members: %d paper-size U-Nets (%s, random initialization: for timing only) in %s, %d new in %.1f s%n",
                MEMBERS, template.getFileName(), dir, made, (System.nanoTime() - start) / 1e9);
        return out;
    }

    /** Seconds of {@code ksi sample} of an ensemble at the run's scale: n samples with as many steps as the fit. */
    private static double timedSample(ToIntFunction<String[]> ksi, Path ensemble, Scale scale, int batch, Path out) {
        return timed(
                ksi,
                "sample",
                "-q",
                "--ensemble",
                ensemble.toString(),
                "-n",
                Integer.toString(scale.samples),
                "--steps",
                Integer.toString(scale.steps),
                "--batch",
                Integer.toString(batch),
                "--out",
                out.toString());
    }

    private static double timed(ToIntFunction<String[]> ksi, String... args) {
        long start = System.nanoTime();
        int rc = ksi.applyAsInt(args);
        if (rc != 0) {
            throw new IllegalStateException("ksi " + args[0] + " failed (exit " + rc + ")");
        }
        return (System.nanoTime() - start) / 1e9;
    }

    /**
     * Evaluations per second of the model through its engine's Predictor: one stream with the engine's intra-op
     * threads, or two streams of half of them (what the fit and the sampler use on CPU), best of 5 after warm-up.
     * Inputs are shaped as the model's spec says.
     */
    private static double engineRate(ModelSpec spec, int batch, boolean twoStreams) throws Exception {
        try (DjlVelocityField f = ModelLoader.load(spec, LoadOptions.DEFAULT.withMaxBatch(batch));
                Workers w = twoStreams ? Workers.split() : Workers.single()) {
            int calls = 4;
            java.util.concurrent.Callable<Void> stream = () -> {
                try (NDManager m = NDManager.newBaseManager("PyTorch");
                        EngineProbe probe = new EngineProbe(f, m, batch)) {
                    for (int k = 0; k < calls; k++) {
                        probe.call();
                    }
                }
                return null;
            };
            double best = Double.MAX_VALUE;
            for (int round = 0; round < 5; round++) {
                best = Math.min(best, Timing.streams(w, stream));
            }
            return (double) w.count() * calls * batch / best;
        }
    }

    /** The float32 rate of a 1024 x 1024 matrix product on this machine's intra-op threads: a ceiling for convs. */
    private static double matmulGflops() {
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            NDArray a = m.randomNormal(new Shape(1024, 1024));
            NDArray b = m.randomNormal(new Shape(1024, 1024));
            double best = Double.MAX_VALUE;
            for (int r = 0; r < 8; r++) {
                try (NDManager s = m.newSubManager()) {
                    a.tempAttach(s);
                    b.tempAttach(s);
                    long start = System.nanoTime();
                    NDArray c = a.matMul(b);
                    c.getFloat(0, 0);
                    double seconds = (System.nanoTime() - start) / 1e9;
                    if (r > 0) {
                        best = Math.min(best, seconds);
                    }
                }
            }
            return 2.0 * 1024 * 1024 * 1024 / best / 1e9;
        }
    }
}
