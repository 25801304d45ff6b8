package io.ksi.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ksi.bridge.LoadOptions;
import io.ksi.bridge.ModelRefs;
import io.ksi.data.Dataset;
import io.ksi.data.RealImages;
import io.ksi.ensemble.FitPlan;
import io.ksi.ensemble.FitSystems;
import io.ksi.ensemble.Fitter;
import io.ksi.ensemble.KernelEnsemble;
import io.ksi.ensemble.PairSource;
import io.ksi.ensemble.feature.FeatureField;
import io.ksi.ensemble.feature.FeatureFields;
import io.ksi.ensemble.interpolant.Grids;
import io.ksi.ensemble.interpolant.Schedules;
import io.ksi.ensemble.system.LinearSystem;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fit on a Spark standalone cluster started by spark/standalone.sh (a master and a worker on loopback, from the
 * build's jars), with this JVM as the driver: executors run in JVMs of their own, load the engine and the models
 * themselves, and give the local fit's systems bit for bit, also when an executor is killed mid-fit. Executors get this
 * JVM's classpath (the same machine); docs/distributed.md runs the same cluster with the shaded jar.
 */
@Tag("slow")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@org.junit.jupiter.api.TestMethodOrder(org.junit.jupiter.api.MethodOrderer.OrderAnnotation.class)
class StandaloneClusterTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Path FIXTURES = ROOT.resolve("models/fixtures");

    private Path home;

    private String master;

    @BeforeAll
    void start() throws Exception {
        home = Files.createTempDirectory("ksi-standalone");
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        master = "spark://127.0.0.1:" + port;
        script("start", "2", port);
        System.setProperty("spark.executor.extraClassPath", System.getProperty("java.class.path"));
        System.setProperty(
                "spark.executor.extraJavaOptions",
                // what this JVM was opened with for Spark (the pom's spark.opens), and DJL offline
                String.join(
                                " ",
                                java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                                        .filter(a -> a.startsWith("--add-opens") || a.startsWith("-Djdk.reflect"))
                                        .toList())
                        + " -Dai.djl.offline=true -Dai.djl.pytorch.num_interop_threads=1");
        System.setProperty("spark.driver.host", "127.0.0.1");
        System.setProperty("spark.task.maxFailures", "4");
    }

    @AfterAll
    void stop() throws Exception {
        script("stop", null, 0);
        Thread.sleep(2000);
        assertEquals(List.of(), clusterProcesses(), "processes left behind after standalone.sh stop");
        for (String p : List.of(
                "spark.executor.extraClassPath",
                "spark.executor.extraJavaOptions",
                "spark.driver.host",
                "spark.task.maxFailures")) {
            System.clearProperty(p);
        }
    }

    private void script(String verb, String arg, int port) throws Exception {
        List<String> cmd =
                new ArrayList<>(List.of(ROOT.resolve("spark/standalone.sh").toString(), verb));
        if (arg != null) {
            cmd.add(arg);
        }
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("KSI_SPARK_HOME", home.toString());
        if (port > 0) {
            pb.environment().put("KSI_SPARK_PORT", Integer.toString(port));
        }
        pb.environment().put("KSI_WORKER_MEMORY", "4g");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), verb + " timed out");
        assertEquals(0, p.exitValue(), "standalone.sh " + verb + ": " + out);
    }

    /**
     * The local reference at one intra-op thread, as each executor task runs (spark.task.cpus = 1): a U-Net's
     * convolutions add in another order on two threads, and the last bits of K differ (ksi fit on 2 cores runs two
     * workers of one thread each, which matches).
     */
    private static KernelEnsemble localFit(List<FeatureField> fields, FitPlan plan) {
        int threads = io.ksi.bridge.EngineSettings.threads();
        io.ksi.bridge.EngineSettings.setThreads(1);
        try {
            return Fitter.fit(fields, plan);
        } finally {
            io.ksi.bridge.EngineSettings.setThreads(threads);
        }
    }

    private FitSystems onCluster(List<FeatureField> fields, FitPlan plan, int partitions) {
        return new SparkFit().accumulation(master, partitions).accumulate(fields, plan);
    }

    @Test
    void theGaussianExampleEqualsTheLocalFitAndRanInExecutorJvms() throws IOException {
        Dataset all = Dataset.load(FIXTURES.resolve("gauss_target.npy"));
        FitPlan plan = FitPlan.builder(Schedules.LINEAR, Grids.uniform(20), new PairSource(all.slice(0, 3600), 4096, 7))
                .heldOut(new PairSource(all.slice(3600, all.size()), 512, 8))
                .batchSize(64)
                .build();
        List<FeatureField> fields = FeatureFields.load(
                ModelRefs.resolve(FIXTURES.resolve("gauss_plus.pt") + "," + FIXTURES.resolve("gauss_minus.onnx")),
                LoadOptions.DEFAULT);
        int loadsBefore = ExecutorModels.modelLoads();
        try (KernelEnsemble local = localFit(fields, plan)) {
            FitSystems cluster = onCluster(fields, plan, 6);
            assertSame(local.systems(), cluster.train());
            assertSame(local.heldOutSystems(), cluster.heldOut());
        }
        assertEquals(loadsBefore, ExecutorModels.modelLoads(), "no task ran in the driver's JVM");
        try (Stream<Path> apps =
                Stream.concat(Files.list(home.resolve("work-1")), Files.list(home.resolve("work-2")))) {
            assertTrue(
                    apps.anyMatch(a -> {
                        try (Stream<Path> executors = Files.list(a)) {
                            return executors.anyMatch(x -> Files.exists(x.resolve("stderr")));
                        } catch (IOException e) {
                            return false;
                        }
                    }),
                    "the workers launched executor JVMs (their folders under " + home + "/work-N)");
        }
    }

    @Test
    void aKilledExecutorIsReplacedAndTheSumsDoNotChange() throws Exception {
        Path models = ROOT.resolve("models/mnist");
        List<String> refs = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            refs.add(models.resolve(String.format("mnist-100-%02d.pt", i)).toString());
        }
        List<FeatureField> fields =
                FeatureFields.load(ModelRefs.resolve(String.join(",", refs)), LoadOptions.DEFAULT.withDevice("cpu"));
        Dataset train = RealImages.MNIST_TRAIN.images();
        FitPlan plan = FitPlan.builder(
                        Schedules.LINEAR, Grids.uniform(10), new PairSource(train.slice(0, 8000), 512, 0))
                .heldOut(new PairSource(train.slice(8000, train.size()), 128, 1))
                .batchSize(16)
                .build();
        try (KernelEnsemble local = localFit(fields, plan)) {
            CompletableFuture<FitSystems> fit = CompletableFuture.supplyAsync(() -> onCluster(fields, plan, 33));
            long killed = -1;
            for (int i = 0; i < 600 && killed < 0 && !fit.isDone(); i++) {
                Optional<Long> executor = executorPid();
                // let it load its models and finish a few tasks, then SIGKILL it
                if (executor.isPresent() && i > 40) {
                    Runtime.getRuntime()
                            .exec(new String[] {"kill", "-9", Long.toString(executor.get())})
                            .waitFor();
                    killed = executor.get();
                }
                Thread.sleep(250);
            }
            if (killed < 0 && fit.isDone()) {
                fit.join(); // a failed fit says why
            }
            assertTrue(killed > 0, "an executor was running to kill");
            FitSystems cluster = fit.get(15, TimeUnit.MINUTES);
            System.out.println("killed executor pid " + killed + "; the fit finished on its replacement");
            assertSame(local.systems(), cluster.train());
            assertSame(local.heldOutSystems(), cluster.heldOut());
        }
    }

    /**
     * An executor JVM a worker of this cluster started (its classpath holds this cluster's SPARK_HOME), read from
     * /proc: its command line, with this JVM's classpath in it, is longer than pgrep looks.
     */
    private Optional<Long> executorPid() {
        return ProcessHandle.allProcesses()
                .map(ProcessHandle::pid)
                .filter(pid -> {
                    try {
                        String cmd = new String(Files.readAllBytes(Path.of("/proc/" + pid + "/cmdline")));
                        return cmd.contains("CoarseGrainedExecutorBackend") && cmd.contains(home + "/jars/");
                    } catch (IOException e) {
                        return false; // gone, or not ours to read
                    }
                })
                .findFirst();
    }

    /**
     * A worker killed by SIGKILL in the middle of a fit: its executor goes with it, the master marks the worker lost,
     * and the other worker's executor runs the lost tasks again; the sums do not change. Last, as it leaves one worker.
     */
    @Test
    @org.junit.jupiter.api.Order(Integer.MAX_VALUE)
    void aKilledWorkerChangesNothing() throws Exception {
        Dataset all = Dataset.load(FIXTURES.resolve("gauss_target.npy"));
        FitPlan plan = FitPlan.builder(
                        Schedules.LINEAR, Grids.uniform(40), new PairSource(all.slice(0, 3600), 65536, 3))
                .batchSize(64)
                .build();
        List<FeatureField> fields = FeatureFields.load(
                ModelRefs.resolve(FIXTURES.resolve("gauss_plus.pt") + "," + FIXTURES.resolve("gauss_minus.onnx")),
                LoadOptions.DEFAULT);
        try (KernelEnsemble local = localFit(fields, plan)) {
            CompletableFuture<FitSystems> fit = CompletableFuture.supplyAsync(() -> onCluster(fields, plan, 40));
            long worker = Long.parseLong(
                    Files.readString(home.resolve("run/worker-2.pid")).strip());
            // once both workers' executors run tasks, the second worker goes
            for (int i = 0; i < 400 && !fit.isDone() && executorPids().size() < 2; i++) {
                Thread.sleep(250);
            }
            Thread.sleep(3000);
            assertTrue(!fit.isDone(), "the fit outlasted the wait for two executors");
            assertEquals(
                    0,
                    new ProcessBuilder("kill", "-9", Long.toString(worker))
                            .start()
                            .waitFor());
            FitSystems cluster = fit.get(15, TimeUnit.MINUTES);
            System.out.println("killed worker pid " + worker + "; the fit finished on the other worker");
            assertSame(local.systems(), cluster.train());
        }
    }

    /** Executor JVMs of this cluster's workers, from /proc. */
    private List<Long> executorPids() {
        return clusterProcesses().stream()
                .filter(pid -> commandLine(pid).contains("CoarseGrainedExecutorBackend"))
                .toList();
    }

    /** Every JVM of this cluster (master, workers, executors): its command line names this SPARK_HOME. */
    private List<Long> clusterProcesses() {
        return ProcessHandle.allProcesses()
                .map(ProcessHandle::pid)
                .filter(pid -> commandLine(pid).contains(home + "/jars/"))
                .toList();
    }

    private static String commandLine(long pid) {
        try {
            return new String(Files.readAllBytes(Path.of("/proc/" + pid + "/cmdline")));
        } catch (IOException e) {
            return ""; // gone, or not ours to read
        }
    }

    @Test
    void aModelTheExecutorsCannotReadIsNamedByTheDriver(@TempDir Path dir) throws IOException {
        Path copy = dir.resolve("gauss_plus.pt");
        Files.copy(FIXTURES.resolve("gauss_plus.pt"), copy);
        List<FeatureField> fields = FeatureFields.load(ModelRefs.resolve(copy.toString()), LoadOptions.DEFAULT);
        Files.delete(copy); // loaded here, gone where the executors look
        Dataset all = Dataset.load(FIXTURES.resolve("gauss_target.npy"));
        FitPlan plan = FitPlan.builder(Schedules.LINEAR, Grids.uniform(2), new PairSource(all, 64, 0))
                .build();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> onCluster(fields, plan, 1));
        assertTrue(
                e.getMessage().startsWith("the fit failed on the Spark executors: ")
                        && e.getMessage().contains(copy.toString()),
                e.getMessage());
        fields.forEach(FeatureField::close);
    }

    private static void assertSame(List<LinearSystem> a, List<LinearSystem> b) {
        assertEquals(a.size(), b.size());
        for (int t = 0; t < a.size(); t++) {
            for (int i = 0; i < a.get(t).size(); i++) {
                assertArrayEquals(a.get(t).k()[i], b.get(t).k()[i], 0.0, "K row " + i + " at time index " + t);
            }
            assertArrayEquals(a.get(t).h(), b.get(t).h(), 0.0, "h at time index " + t);
            assertEquals(a.get(t).velocityNorm2(), b.get(t).velocityNorm2(), 0.0);
        }
    }
}
