package io.ksi.app.serve;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.ksi.ensemble.KernelEnsemble;
import io.ksi.ensemble.feature.FeatureField;
import io.ksi.ensemble.sampling.SampleBatcher;
import io.ksi.ensemble.sampling.Sampler;
import io.ksi.ensemble.system.TimeDiagnostics;
import java.net.URI;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * A fitted ensemble behind HTTP. {@link #start} binds at once and answers {@code /health} with 503; {@link #serve} puts
 * the loaded ensemble behind it, warms it up and turns ready. {@link #stop} refuses new requests, lets the running ones
 * finish, then releases the models.
 */
public final class SampleServer implements AutoCloseable {
    /** Steps a request may ask for: enough for any sampler here, few enough that one request cannot hold a worker. */
    public static final int MAX_STEPS = 10_000;

    /**
     * @param minBatch batches are padded to at least this many rows, so batching cannot change a sample's bits
     *     ({@link SampleBatcher}); 1 = no padding
     * @param maxBatch samples per coalesced batch (one model call per step)
     * @param maxN samples one request may ask for
     * @param workers batches run at the same time
     */
    public record Options(String host, int port, int minBatch, int maxBatch, int maxN, int workers) {
        public Options {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("--port must be 0 (any free port) to 65535, got " + port);
            }
            if (minBatch < 1 || minBatch > maxBatch) {
                throw new IllegalArgumentException(
                        "--min-batch must be between 1 and --max-batch (" + maxBatch + "), got " + minBatch);
            }
            if (maxBatch < 1 || maxN < 1 || workers < 1) {
                throw new IllegalArgumentException("--max-batch, --max-n and --workers must be at least 1, got "
                        + maxBatch + ", " + maxN + ", " + workers);
            }
        }
    }

    private final Server server;
    private final ServerConnector connector;
    private final SampleService service;
    private final ServeMetrics metrics = new ServeMetrics();
    private final Options options;
    private SampleBatcher batcher;
    private KernelEnsemble ensemble;

    private SampleServer(Options options) {
        this.options = options;
        QueuedThreadPool pool = new QueuedThreadPool();
        pool.setName("ksi-http");
        pool.setDaemon(true);
        server = new Server(pool);
        connector = new ServerConnector(server);
        // no "Server: Jetty(version)" header: a service need not advertise its stack to every client
        connector
                .getConnectionFactory(HttpConnectionFactory.class)
                .getHttpConfiguration()
                .setSendServerVersion(false);
        connector.setHost(options.host());
        connector.setPort(options.port());
        server.addConnector(connector);
        service = new SampleService(metrics, pool);
        server.setHandler(new GracefulHandler(service));
        server.setStopTimeout(TimeUnit.SECONDS.toMillis(1));
        server.setStopAtShutdown(false); // the caller decides when; ksi serve stops it from its own SIGTERM hook
    }

    /** Binds {@code host:port} and answers, not ready yet. */
    public static SampleServer start(Options options) {
        SampleServer s = new SampleServer(options);
        try {
            s.server.start();
        } catch (Exception e) {
            Throwable root = e;
            while (root.getCause() != null) {
                root = root.getCause();
            }
            s.stop();
            throw new IllegalStateException(
                    "cannot listen on " + options.host() + ":" + options.port() + ": " + root.getMessage(), e);
        }
        return s;
    }

    /** Where it listens, with the port it got. */
    public URI uri() {
        return URI.create("http://" + hostForUri() + ":" + connector.getLocalPort());
    }

    private String hostForUri() {
        String h = options.host();
        return h.contains(":") ? "[" + h + "]" : h;
    }

    /**
     * Serves {@code e} (the server owns it from here): warms the models with one small batch, then turns ready.
     *
     * @param defaultSteps steps when a request names none
     * @return seconds the warm-up took
     */
    public double serve(KernelEnsemble e, long defaultSeed, int defaultSteps, String defaultSampler) {
        this.ensemble = e;
        this.batcher = new SampleBatcher(
                e,
                e.schedule(),
                e.sampleShape(),
                e.device(),
                options.minBatch(),
                options.maxBatch(),
                options.workers(),
                (rows, requests, seconds) -> metrics.batch(rows, requests));
        SampleRequest.Defaults d =
                new SampleRequest.Defaults(defaultSeed, defaultSteps, defaultSampler, options.maxN(), MAX_STEPS);
        // refuses a bad default sampler or step count now, not per request
        Sampler warmUp = SampleRequest.parse("{\"n\":1}", d).parsedSampler();
        long start = System.nanoTime();
        try {
            // the first call of each model pays for its graph optimisation: not a client's request
            batcher.submit(Math.min(options.maxBatch(), 8), 0, warmUp, 2).get();
        } catch (Exception ex) {
            throw new IllegalStateException("warm-up failed: " + ex.getMessage(), ex);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        service.ready(new SampleService.Loaded(batcher, d, describe(e, d)));
        return seconds;
    }

    /** Sample requests taken and not yet answered. */
    public int inFlight() {
        return service.inFlight();
    }

    public boolean isReady() {
        return service.isReady();
    }

    private byte[] describe(KernelEnsemble e, SampleRequest.Defaults d) {
        JsonObject o = new JsonObject();
        JsonArray models = new JsonArray();
        for (FeatureField f : e.fields()) {
            models.add(f.describe());
        }
        o.addProperty("features", e.fields().size());
        o.add("models", models);
        o.addProperty("schedule", e.schedule().name());
        JsonArray shape = new JsonArray();
        for (long s : e.sampleShape().getShape()) {
            shape.add(s);
        }
        o.add("sampleShape", shape);
        JsonArray grid = new JsonArray();
        for (double t : e.eta().times()) {
            grid.add(t);
        }
        o.add("grid", grid);
        o.addProperty("ridge", e.ridge());
        JsonArray diag = new JsonArray();
        for (TimeDiagnostics t : e.diagnostics()) {
            JsonObject row = new JsonObject();
            row.addProperty("t", t.t());
            row.addProperty("condition", finite(t.condition()));
            row.addProperty("trainLoss", finite(t.trainLoss()));
            row.addProperty("heldOutLoss", finite(t.heldOutLoss()));
            row.addProperty("explained", finite(t.explained()));
            diag.add(row);
        }
        o.add("diagnostics", diag);
        JsonObject defaults = new JsonObject();
        defaults.addProperty("seed", d.seed());
        defaults.addProperty("steps", d.steps());
        defaults.addProperty("sampler", d.sampler());
        o.add("defaults", defaults);
        JsonObject limits = new JsonObject();
        limits.addProperty("maxN", options.maxN());
        limits.addProperty("maxSteps", MAX_STEPS);
        limits.addProperty("minBatch", options.minBatch());
        limits.addProperty("maxBatch", options.maxBatch());
        limits.addProperty("workers", options.workers());
        o.add("limits", limits);
        return SampleService.json(new GsonBuilder().setPrettyPrinting().create().toJson(o));
    }

    /** JSON has no NaN: an absent value (no held-out pairs) is null. */
    private static Double finite(double v) {
        return Double.isFinite(v) ? v : null;
    }

    /** Blocks until the server has stopped. */
    public void join() throws InterruptedException {
        server.join();
    }

    /**
     * Refuses new sample requests (503), lets those in flight finish for up to 7 s, stops any still running after their
     * current step, then stops Jetty and closes the models: under 10 s in all. Returns whether every request taken was
     * answered with its samples.
     */
    public synchronized boolean stop() {
        boolean clean = true;
        service.drain();
        try {
            clean = service.awaitIdle(6_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            clean = false;
        }
        boolean workersDone = true;
        if (batcher != null) {
            if (!clean) {
                batcher.abort(); // their clients get a 503 rather than a dropped connection
            }
            workersDone = batcher.close(1_500);
            batcher = null;
        }
        try {
            server.stop(); // answers already written flush within its stop timeout
        } catch (Exception e) {
            clean = false;
        }
        if (ensemble != null && workersDone) { // a batch still running would use the models as they are freed
            ensemble.close();
            ensemble = null;
        }
        return clean && workersDone;
    }

    @Override
    public void close() {
        stop();
    }
}
