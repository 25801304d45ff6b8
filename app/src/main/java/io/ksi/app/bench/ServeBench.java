package io.ksi.app.bench;

import ai.djl.ndarray.NDManager;
import io.ksi.app.serve.SampleServer;
import io.ksi.bridge.LoadOptions;
import io.ksi.bridge.Progress;
import io.ksi.ensemble.EnsembleFile;
import io.ksi.ensemble.KernelEnsemble;
import io.ksi.ensemble.interpolant.Grids;
import io.ksi.ensemble.sampling.SampleRequest;
import io.ksi.ensemble.sampling.SampleRunner;
import io.ksi.ensemble.sampling.Sampler;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * {@code ksi bench --what serve}: the service under 1, 8 and 32 concurrent clients asking for n samples each, against
 * one {@link SampleRunner} call (what {@code ksi sample} runs) for the same total, on the same loaded models.
 */
final class ServeBench implements Benchmark {
    /** One load level. */
    public record Level(
            int clients,
            int requests,
            int samples,
            double seconds,
            double p50Ms,
            double p99Ms,
            double meanBatch,
            double directSeconds) {
        double samplesPerSecond() {
            return samples / seconds;
        }

        double directSamplesPerSecond() {
            return samples / directSeconds;
        }
    }

    /**
     * Serves {@code --ensemble}, or by default 4 members of the demo's mnist-100 cohort fitted on 256 MNIST pairs x 20
     * times, to 1, 8 and 32 concurrent clients asking for 16 samples each.
     */
    @Override
    public void run(BenchSettings s) throws Exception {
        if (s.ensemble() != null) {
            System.out.println("serving " + s.ensemble() + ": n = 16 per request, 20 optimal steps, batches of up to "
                    + s.batch());
            run(s.ensemble(), s.batch(), 16, 20, new int[] {1, 8, 32}, s.requests());
            return;
        }
        // the demo's 100-step cohort, dense and sparse (4 members per time): what a sparse ensemble saves a service
        List<String> cohort = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            cohort.add(s.root()
                    .resolve(String.format("models/mnist/mnist-100-%02d.pt", i))
                    .toString());
        }
        Path dir = Files.createTempDirectory("ksi-bench-serve");
        Path dense = dir.resolve("dense.json");
        Path sparse = dir.resolve("top4.json");
        String data =
                s.root().resolve("data/real/mnist/train-images-idx3-ubyte.gz").toString();
        System.out.println("fitting the 20 mnist-100 members on 256 (+128 held-out) pairs x 21 times -> " + dense);
        s.runKsi(
                "fit",
                "-q",
                "--models",
                String.join(",", cohort),
                "--data",
                data,
                "--pairs",
                "256",
                "--heldout",
                "128",
                "--steps",
                "20",
                "--out",
                dense.toString());
        s.runKsi("solve", "-q", "--ensemble", dense.toString(), "--rule", "top:4", "--out", sparse.toString());
        for (Path e : List.of(dense, sparse)) {
            System.out.println("serving " + e.getFileName() + ": n = 16 per request, 20 optimal steps, batches of up"
                    + " to " + s.batch());
            run(e, s.batch(), 16, 20, new int[] {1, 8, 32}, s.requests());
        }
    }

    static List<Level> run(Path ensemble, int maxBatch, int n, int steps, int[] clients, int requestsPerLevel)
            throws Exception {
        KernelEnsemble e = EnsembleFile.read(ensemble, LoadOptions.DEFAULT.withMaxBatch(maxBatch));
        List<Level> levels = new ArrayList<>();
        try (SampleServer server = SampleServer.start(
                new SampleServer.Options("127.0.0.1", 0, Math.min(16, maxBatch), maxBatch, 10_000, 1))) {
            server.serve(e, 1, steps, "optimal");
            HttpClient http = HttpClient.newHttpClient();
            for (int c : clients) {
                int requests = Math.max(c, requestsPerLevel / c * c);
                direct(e, maxBatch, Math.min(maxBatch, n * c), steps); // warm this batch size
                double[] before = batches(http, server.uri());
                Level l = level(http, server.uri(), c, requests, n, steps, e, maxBatch, before);
                levels.add(l);
                System.out.printf(
                        "clients %2d: %d requests of %d in %.1f s, %.2f requests/s, %.1f samples/s (p50 %.0f ms,"
                                + " p99 %.0f ms);"
                                + " mean batch %.0f; one SampleRunner call %.1f samples/s (%.0f%%)%n",
                        c,
                        requests,
                        n,
                        l.seconds(),
                        l.requests() / l.seconds(),
                        l.samplesPerSecond(),
                        l.p50Ms(),
                        l.p99Ms(),
                        l.meanBatch(),
                        l.directSamplesPerSecond(),
                        100 * l.samplesPerSecond() / l.directSamplesPerSecond());
            }
        }
        return levels;
    }

    private static Level level(
            HttpClient http,
            URI base,
            int clients,
            int requests,
            int n,
            int steps,
            KernelEnsemble e,
            int maxBatch,
            double[] before)
            throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        double[] latencies = new double[requests];
        long start = System.nanoTime();
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                int client = c;
                running.add(pool.submit(() -> {
                    for (int r = client; r < requests; r += clients) {
                        String body = "{\"n\": " + n + ", \"seed\": " + r + ", \"steps\": " + steps + "}";
                        long t0 = System.nanoTime();
                        HttpResponse<byte[]> answer = http.send(
                                HttpRequest.newBuilder(base.resolve("/v1/sample"))
                                        .POST(HttpRequest.BodyPublishers.ofString(body))
                                        .build(),
                                HttpResponse.BodyHandlers.ofByteArray());
                        if (answer.statusCode() != 200) {
                            throw new IllegalStateException("request " + r + " answered " + answer.statusCode());
                        }
                        latencies[r] = (System.nanoTime() - t0) / 1e6;
                    }
                    return null;
                }));
            }
            for (Future<?> f : running) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        double[] after = batches(http, base);
        double meanBatch = (after[1] - before[1]) / (after[0] - before[0]);
        double directSeconds = direct(e, maxBatch, requests * n, steps);
        Arrays.sort(latencies);
        return new Level(
                clients,
                requests,
                requests * n,
                seconds,
                latencies[(requests - 1) / 2],
                latencies[(int) Math.ceil(0.99 * requests) - 1],
                meanBatch,
                directSeconds);
    }

    /** {batches, samples in them} so far, from /metrics. */
    private static double[] batches(HttpClient http, URI base) throws Exception {
        String text = http.send(
                        HttpRequest.newBuilder(base.resolve("/metrics")).build(), HttpResponse.BodyHandlers.ofString())
                .body();
        double[] v = new double[2];
        for (String line : text.split("\n")) {
            if (line.startsWith("ksi_batch_samples_count ")) {
                v[0] = Double.parseDouble(line.substring(line.indexOf(' ') + 1));
            } else if (line.startsWith("ksi_batch_samples_sum ")) {
                v[1] = Double.parseDouble(line.substring(line.indexOf(' ') + 1));
            }
        }
        return v;
    }

    /** Seconds for one SampleRunner call of {@code total} samples in batches of {@code maxBatch}: ksi sample. */
    private static double direct(KernelEnsemble e, int maxBatch, int total, int steps) {
        long t0 = System.nanoTime();
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            SampleRunner.sample(
                    e,
                    e.schedule(),
                    e.sampleShape(),
                    e.device(),
                    new SampleRequest(total, 1, Sampler.byName("optimal"), Grids.uniform(steps), maxBatch),
                    m,
                    Progress.NONE);
        }
        return (System.nanoTime() - t0) / 1e9;
    }
}
