package io.ksi.app.cli;

import ai.djl.Device;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.ksi.app.serve.ServeBench;
import io.ksi.bridge.DjlVelocityField;
import io.ksi.bridge.EngineSettings;
import io.ksi.bridge.LoadOptions;
import io.ksi.bridge.MemoryProbe;
import io.ksi.bridge.ModelLoader;
import io.ksi.bridge.ModelRefs;
import io.ksi.bridge.ModelSpec;
import io.ksi.bridge.Progress;
import io.ksi.bridge.Workers;
import io.ksi.data.Dataset;
import io.ksi.data.RealImages;
import io.ksi.ensemble.Fitter;
import io.ksi.ensemble.KernelEnsemble;
import io.ksi.ensemble.PairSource;
import io.ksi.ensemble.feature.FeatureField;
import io.ksi.ensemble.feature.FeatureFields;
import io.ksi.ensemble.interpolant.Grids;
import io.ksi.ensemble.interpolant.Schedules;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Benchmarks recorded in docs/benchmarks.md. Timings are medians of interleaved repeats after warm-up. */
@Command(
        mixinStandardHelpOptions = true,
        name = "bench",
        description = "Measure model throughput, bridge overhead, fit throughput and fit memory.")
final class BenchCommand implements Callable<Integer> {
    @Option(
            names = "--models",
            defaultValue = "models/templates/manifest.json",
            description = "models to time: TorchScript and ONNX of the same net (default: ${DEFAULT-VALUE})")
    String models;

    @Option(names = "--batch", defaultValue = "256", description = "batch size (default: ${DEFAULT-VALUE})")
    int batch;

    @Option(
            names = "--repeats",
            defaultValue = "7",
            description = "timed repeats per variant (default: ${DEFAULT-VALUE})")
    int repeats;

    @Mixin
    ThreadsOption threads;

    @Option(
            names = "--what",
            defaultValue = "all",
            description = "bridge, fit, memory, workers, scattering or all; serve, spark, paper (not in all) "
                    + "(default: ${DEFAULT-VALUE})")
    String what;

    @Option(
            names = "--fraction",
            defaultValue = "0.0625",
            description = "--what paper: the share of the paper's cost to run; N, K and n each scale by its square"
                    + " root (default: ${DEFAULT-VALUE}, the 1/16 run: 250 pairs, 25 steps, 250 samples)")
    double fraction;

    @Option(
            names = "--members",
            split = ",",
            description =
                    "--what paper: the 20 members to time (default: generated from models/templates/unet_mnist.pt,"
                            + " seeds 0..19, untrained)")
    List<Path> members = new ArrayList<>();

    @Option(
            names = "--work",
            defaultValue = "out/bench/paper",
            description = "--what paper: folder for the generated members, the ensemble and the samples (default:"
                    + " ${DEFAULT-VALUE})")
    Path work;

    @Option(
            names = "--ensemble",
            description =
                    "--what serve: the ensemble to serve; default: 4 members of the demo's mnist-100 cohort fitted"
                            + " on 256 MNIST pairs x 20 times")
    Path ensemble;

    @Option(
            names = "--requests",
            defaultValue = "96",
            description = "--what serve: requests of 16 samples per load level (default: ${DEFAULT-VALUE})")
    int requests;

    @Override
    public Integer call() throws Exception {
        threads.apply();
        System.out.printf(
                "# ksi bench: %s, %d cores, java %s, batch %d, %d repeats%n",
                io.ksi.bridge.Devices.describe(),
                Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"),
                batch,
                repeats);
        if (what.equals("serve")) {
            serve();
            return 0;
        }
        if (what.equals("spark")) {
            spark();
            return 0;
        }
        if (what.equals("paper")) {
            PaperBench.run(fraction, batch, Path.of(System.getProperty("ksi.root", ".")), work, members);
            return 0;
        }
        List<ModelSpec> specs = ModelRefs.resolve(models);
        if (what.equals("all") || what.equals("bridge")) {
            for (ModelSpec s : specs) {
                bridge(s);
            }
        }
        if (what.equals("all") || what.equals("fit")) {
            fit(specs.get(0));
        }
        if (what.equals("all") || what.equals("memory")) {
            memory(specs.get(0));
        }
        if (what.equals("all") || what.equals("workers")) {
            workers(specs.get(0));
        }
        if (what.equals("all") || what.equals("scattering")) {
            ScatteringBench.run(repeats);
        }
        return 0;
    }

    /**
     * The fit of the demo's mnist-100 cohort (20 members, the demo's 512 pairs + 256 held out, 20 times) locally as
     * {@code ksi fit} runs it, then on Spark local[2] with 2 and 10 tasks: wall time, the cost per model evaluation and
     * per task, and whether the eta tables are equal.
     */
    private void spark() {
        DistributedFit distributed = java.util.ServiceLoader.load(DistributedFit.class)
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("--what spark needs the ksi-spark module (./ksi has it)"));
        Path root = Path.of(System.getProperty("ksi.root", "."));
        StringBuilder refs = new StringBuilder();
        for (int i = 0; i < 20; i++) {
            refs.append(i == 0 ? "" : ",").append(root.resolve(String.format("models/mnist/mnist-100-%02d.pt", i)));
        }
        Dataset train = RealImages.MNIST_TRAIN.images();
        Dataset heldOut = RealImages.MNIST_HELD_OUT.images();
        int pairs = 512;
        int heldOutPairs = 256;
        double[] times = Grids.uniform(20);
        List<FeatureField> fields = FeatureFields.load(ModelRefs.resolve(refs.toString()), LoadOptions.DEFAULT);
        Fitter.Options o = new Fitter.Options(batch, 1e-6, Device.cpu(), Progress.NONE).withParallelTimes(true);
        PairSource trainPairs = new PairSource(train, pairs, 0);
        PairSource heldOutPairSource = new PairSource(heldOut, heldOutPairs, 1);
        long evaluations = (long) fields.size() * (pairs + heldOutPairs) * times.length;
        long start = System.nanoTime();
        KernelEnsemble local = Fitter.fit(fields, Schedules.LINEAR, times, trainPairs, heldOutPairSource, o);
        double localSeconds = (System.nanoTime() - start) / 1e9;
        System.out.printf(
                "spark: P=%d, %d + %d pairs x %d times = %d model evaluations%n",
                fields.size(), pairs, heldOutPairs, times.length, evaluations);
        System.out.printf(
                "  local fit (2 workers, as ksi fit): %.1f s, %.3f ms per evaluation%n",
                localSeconds, 1e3 * localSeconds / evaluations);
        for (int partitions : new int[] {2, 10}) {
            start = System.nanoTime();
            DistributedFit.Systems s = distributed.accumulate(
                    "local[2]",
                    partitions,
                    new DistributedFit.Job(
                            refs.toString(),
                            LoadOptions.DEFAULT,
                            false,
                            "linear",
                            times,
                            train,
                            pairs,
                            0,
                            heldOut,
                            heldOutPairs,
                            1,
                            batch),
                    Progress.NONE);
            double seconds = (System.nanoTime() - start) / 1e9;
            KernelEnsemble spark = Fitter.solve(
                    fields, Schedules.LINEAR, times, trainPairs, heldOutPairSource, o, s.train(), s.heldOut());
            boolean equal = Arrays.deepEquals(local.eta().eta(), spark.eta().eta());
            System.out.printf(
                    "  spark local[2], %2d tasks: %.1f s (%+.1f s against local, %+.2f s per task), eta %s%n",
                    partitions,
                    seconds,
                    seconds - localSeconds,
                    (seconds - localSeconds) / partitions,
                    equal ? "equal bit for bit" : "DIFFERS");
        }
        local.close();
    }

    /** The service at 1, 8 and 32 concurrent clients against one SampleRunner call of the same total. */
    private void serve() throws Exception {
        Path e = ensemble;
        if (e == null) {
            Path root = Path.of(System.getProperty("ksi.root", "."));
            StringBuilder cohort = new StringBuilder();
            for (int i = 0; i < 4; i++) {
                cohort.append(i == 0 ? "" : ",")
                        .append(root.resolve(String.format("models/mnist/mnist-100-%02d.pt", i)));
            }
            e = Files.createTempDirectory("ksi-bench-serve").resolve("ensemble.json");
            String data =
                    root.resolve("data/real/mnist/train-images-idx3-ubyte.gz").toString();
            System.out.println("fitting 4 mnist-100 members on 256 pairs x 20 times -> " + e);
            int rc = Ksi.run(
                    "fit",
                    "-q",
                    "--models",
                    cohort.toString(),
                    "--data",
                    data,
                    "--pairs",
                    "256",
                    "--steps",
                    "20",
                    "--out",
                    e.toString());
            if (rc != 0) {
                throw new IllegalStateException("the fit for the serve bench failed");
            }
        }
        System.out.println("serving " + e + ": n = 16 per request, 20 optimal steps, batches of up to " + batch);
        ServeBench.run(e, batch, 16, 20, new int[] {1, 8, 32}, requests);
    }

    /** Samples/s through the engine's own Predictor and through ksi's VelocityField, interleaved. */
    private void bridge(ModelSpec spec) {
        try (NDManager m = NDManager.newBaseManager("PyTorch");
                DjlVelocityField f = ModelLoader.load(spec, LoadOptions.DEFAULT.withMaxBatch(batch));
                Predictor<NDList, NDList> direct = f.djlModel().newPredictor()) {
            NDArray x = m.randomNormal(new Shape(batch).addAll(f.inputShape()));
            NDArray t = m.full(new Shape(batch), 0.5f);
            boolean onnx = spec.format() == io.ksi.bridge.ModelFormat.ONNX;
            Runnable engine = () -> {
                try (NDManager s = m.newSubManager()) {
                    x.tempAttach(s);
                    t.tempAttach(s);
                    x.setName(onnx ? "x" : null);
                    t.setName(onnx ? "t" : null);
                    direct.predict(new NDList(x, t)).close();
                    x.setName(null);
                    t.setName(null);
                } catch (ai.djl.translate.TranslateException e) {
                    throw new IllegalStateException(e);
                }
            };
            Runnable bridge = () -> {
                try (NDManager s = m.newSubManager()) {
                    x.tempAttach(s);
                    f.evaluate(x, 0.5).close();
                }
            };
            for (int i = 0; i < 3; i++) {
                engine.run();
                bridge.run();
            }
            double[] te = new double[repeats];
            double[] tb = new double[repeats];
            long faults = MemoryProbe.minorPageFaults();
            for (int r = 0; r < repeats; r++) {
                te[r] = time(engine);
                tb[r] = time(bridge);
            }
            double faultsPerSample = (MemoryProbe.minorPageFaults() - faults) / (2.0 * repeats * batch);
            double e = median(te);
            double b = median(tb);
            System.out.printf(
                    "bridge  %-16s %-11s engine %8.1f samples/s  ksi %8.1f samples/s  overhead %+5.1f%%  page "
                            + "faults/sample %.1f%n",
                    spec.name(), spec.format(), batch / e, batch / b, 100 * (b - e) / e, faultsPerSample);
        }
    }

    /** Fit throughput against bare evaluation of the same models on the same number of batches. */
    private void fit(ModelSpec spec) {
        int p = 4;
        int pairs = batch * 2;
        int times = 3;
        List<ModelSpec> specs = new ArrayList<>();
        for (int i = 0; i < p; i++) {
            specs.add(spec.withName(spec.name() + "#" + i));
        }
        List<FeatureField> fields = FeatureFields.load(specs, LoadOptions.DEFAULT.withMaxBatch(batch));
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            Dataset data = randomData(spec, pairs);
            Fitter.Options o = Fitter.Options.defaults().withBatchSize(batch);
            PairSource ps = new PairSource(data, pairs, 0);
            Fitter.fit(fields, Schedules.LINEAR, new double[] {0.5}, ps, null, o);
            NDArray x = m.randomNormal(new Shape(batch).addAll(data.sampleShape()));
            Runnable bare = () -> {
                for (int k = 0; k < times * (pairs / batch); k++) {
                    try (NDManager s = m.newSubManager()) {
                        x.tempAttach(s);
                        for (FeatureField f : fields) {
                            f.evaluate(x, 0.5);
                        }
                    }
                }
            };
            double[] grid = {0.2, 0.5, 0.8};
            Runnable fit = () -> Fitter.fit(fields, Schedules.LINEAR, grid, ps, null, o);
            double[] tb = new double[repeats];
            double[] tf = new double[repeats];
            for (int r = 0; r < repeats; r++) {
                tb[r] = time(bare);
                tf[r] = time(fit);
            }
            double evals = (double) p * pairs * times;
            System.out.printf(
                    "fit     P=%d %-12s bare %8.1f field-evals/s  fit %8.1f field-evals/s  fit/bare %.3f%n",
                    p, spec.format(), evals / median(tb), evals / median(tf), median(tb) / median(tf));
        } finally {
            fields.forEach(FeatureField::close);
        }
    }

    /**
     * Ten copies of a model evaluated on one stream with the engine's threads, against {@link Workers#split()}: two
     * streams with half the threads each (what the demo's fit and scoring use).
     */
    private void workers(ModelSpec spec) {
        List<ModelSpec> specs = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            specs.add(spec.withName(spec.name() + "#" + i));
        }
        List<FeatureField> fields = FeatureFields.load(specs, LoadOptions.DEFAULT.withMaxBatch(batch));
        int calls = 4;
        try {
            Callable<Void> stream = () -> {
                try (NDManager m = NDManager.newBaseManager("PyTorch")) {
                    NDArray x = m.randomNormal(new Shape(batch).addAll(spec.inputShape()));
                    for (int k = 0; k < calls; k++) {
                        try (NDManager s = m.newSubManager()) {
                            x.tempAttach(s);
                            for (FeatureField f : fields) {
                                f.evaluate(x, 0.5);
                            }
                        }
                    }
                }
                return null;
            };
            double[] one = new double[repeats];
            double[] two = new double[repeats];
            int streams = 1;
            for (int r = 0; r < repeats; r++) {
                try (Workers w = Workers.single()) {
                    one[r] = timeStreams(w, stream);
                }
                try (Workers w = Workers.split()) {
                    streams = w.count();
                    two[r] = timeStreams(w, stream) / streams;
                }
            }
            double work = (double) calls * fields.size() * batch;
            System.out.printf(
                    "workers %-16s %-11s 1 stream x %d threads %8.1f samples/s  %d streams x %d %8.1f samples/s  "
                            + "ratio %.3f%n",
                    spec.name(),
                    spec.format(),
                    EngineSettings.threads(),
                    work / median(one),
                    streams,
                    Math.max(1, EngineSettings.threads() / streams),
                    work / median(two),
                    median(one) / median(two));
        } finally {
            fields.forEach(FeatureField::close);
        }
    }

    /** One stream per worker, after an untimed round that warms the workers' threads (predictors, engine state). */
    static double timeStreams(Workers w, Callable<Void> stream) {
        double t = 0;
        for (int round = 0; round < 2; round++) {
            List<Future<Void>> jobs = new ArrayList<>();
            long s = System.nanoTime();
            for (int i = 0; i < w.count(); i++) {
                jobs.add(w.submit(stream));
            }
            jobs.forEach(Workers::get);
            t = (System.nanoTime() - s) / 1e9;
        }
        return t;
    }

    /** Peak RSS of a fit with N and 16 N pairs. */
    private void memory(ModelSpec spec) {
        List<FeatureField> fields = FeatureFields.load(List.of(spec), LoadOptions.DEFAULT.withMaxBatch(batch));
        try {
            for (int pairs : new int[] {batch, 16 * batch}) {
                Dataset data = randomData(spec, pairs);
                System.gc();
                long before = MemoryProbe.rssBytes();
                AtomicLong peak = new AtomicLong(before);
                Thread watcher = new Thread(() -> {
                    while (!Thread.currentThread().isInterrupted()) {
                        peak.accumulateAndGet(MemoryProbe.rssBytes(), Math::max);
                        try {
                            Thread.sleep(20);
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                });
                watcher.start();
                Fitter.fit(
                        fields,
                        Schedules.LINEAR,
                        new double[] {0.3, 0.7},
                        new PairSource(data, pairs, 1),
                        null,
                        Fitter.Options.defaults().withBatchSize(batch).withProgress(Progress.NONE));
                watcher.interrupt();
                System.out.printf(
                        "memory  N=%-6d pairs: RSS before %5d MB, peak during fit %5d MB (+%d MB)%n",
                        pairs, before >> 20, peak.get() >> 20, (peak.get() - before) >> 20);
            }
        } finally {
            fields.forEach(FeatureField::close);
        }
    }

    private static Dataset randomData(ModelSpec spec, int n) {
        Shape shape = spec.inputShape();
        int d = (int) shape.size();
        float[] v = new float[n * d];
        SplittableRandom r = new SplittableRandom(3);
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) r.nextGaussian();
        }
        return new Dataset(v, shape);
    }

    private static double time(Runnable r) {
        long s = System.nanoTime();
        r.run();
        return (System.nanoTime() - s) / 1e9;
    }

    private static double median(double[] v) {
        double[] c = v.clone();
        Arrays.sort(c);
        return c[c.length / 2];
    }
}
