package io.ksi.app.cli;

import io.ksi.app.serve.SampleServer;
import io.ksi.bridge.LoadOptions;
import io.ksi.ensemble.EnsembleFile;
import io.ksi.ensemble.KernelEnsemble;
import io.ksi.ensemble.sampling.Sampler;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import sun.misc.Signal;
import sun.misc.SignalHandler;

@Command(
        mixinStandardHelpOptions = true,
        name = "serve",
        description = "Serve a fitted ensemble over HTTP: POST /v1/sample, GET /health, /v1/ensemble, /metrics"
                + " (docs/serving.md).")
final class ServeCommand implements Callable<Integer> {
    @Option(names = "--ensemble", required = true, description = "ensemble file written by ksi fit")
    Path ensemble;

    @Option(
            names = "--host",
            defaultValue = "127.0.0.1",
            description = "address to bind; 0.0.0.0 for every interface (default: ${DEFAULT-VALUE})")
    String host;

    @Option(names = "--port", defaultValue = "8080", description = "0 = any free port (default: ${DEFAULT-VALUE})")
    int port;

    @Option(
            names = "--max-batch",
            defaultValue = "256",
            description = "samples per coalesced batch: one model call per step (default: ${DEFAULT-VALUE})")
    int maxBatch;

    @Option(
            names = "--min-batch",
            defaultValue = "16",
            description = "pad smaller batches to this many rows: libtorch rounds a row identically in every batch of"
                    + " 16 or more, so answers do not depend on what they were batched with; 1 = no padding"
                    + " (default: ${DEFAULT-VALUE}, at most --max-batch)")
    int minBatch;

    @Option(
            names = "--max-n",
            defaultValue = "10000",
            description = "samples one request may ask for (default: ${DEFAULT-VALUE})")
    int maxN;

    @Option(
            names = "--workers",
            defaultValue = "1",
            description = "batches sampled at the same time; on a CPU one worker with all threads is fastest"
                    + " (default: ${DEFAULT-VALUE})")
    int workers;

    @Option(names = "--seed", defaultValue = "1", description = "seed when a request names none (default: 1)")
    long seed;

    @Option(
            names = "--steps",
            defaultValue = "0",
            description = "steps when a request names none; 0 = the fitting grid's (default: ${DEFAULT-VALUE})")
    int steps;

    @Option(
            names = "--sampler",
            defaultValue = "optimal",
            description = "sampler when a request names none (default: ${DEFAULT-VALUE})")
    String sampler;

    @Option(names = "--device", defaultValue = "auto", description = "auto, cpu, gpu or gpu:N (default: auto)")
    String device;

    @Mixin
    ThreadsOption threads;

    @Override
    public Integer call() throws InterruptedException {
        SampleServer.Options options =
                new SampleServer.Options(host, port, Math.min(minBatch, maxBatch), maxBatch, maxN, workers);
        if (steps < 0) {
            throw new IllegalArgumentException("--steps must be at least 1, or 0 for the fitting grid, got " + steps);
        }
        Sampler.byName(sampler); // a bad default is refused before anything starts
        if (!Files.isRegularFile(ensemble)) {
            throw new IllegalArgumentException(ensemble + ": ensemble file not found (write one with ksi fit)");
        }
        threads.apply();
        long start = System.nanoTime();
        SampleServer server = SampleServer.start(options);
        CountDownLatch stopped = new CountDownLatch(1);
        AtomicBoolean clean = new AtomicBoolean();
        // SIGTERM (docker stop, systemd) and Ctrl-C: refuse new requests, finish those in flight, then exit. A signal
        // handler rather than a shutdown hook: hooks run together, and ONNX Runtime's own hook frees its environment
        // while a batch may still be running in it.
        SignalHandler onSignal = sig -> {
            System.out.println("ksi serve: SIG" + sig.getName() + ", stopping (finishing " + server.inFlight()
                    + " request(s) in flight)");
            clean.set(server.stop());
            System.out.println(clean.get() ? "ksi serve: stopped" : "ksi serve: stopped, some requests cut short");
            stopped.countDown();
        };
        Signal.handle(new Signal("TERM"), onSignal);
        Signal.handle(new Signal("INT"), onSignal);
        System.out.println("ksi serve: listening on " + server.uri() + " (GET /health answers 503 while loading)");
        KernelEnsemble e;
        int k;
        double warm;
        try {
            e = EnsembleFile.read(
                    ensemble, LoadOptions.DEFAULT.withDevice(device).withMaxBatch(maxBatch));
            k = steps > 0 ? steps : e.eta().times().length - 1;
            warm = server.serve(e, seed, k, sampler);
        } catch (RuntimeException ex) {
            server.stop(); // nothing was served: let go of the port before saying why
            throw ex;
        }
        System.out.printf(
                "ksi serve: ready in %.1f s (warm-up %.1f s): %d features, samples %s, %s with %d steps by default,"
                        + " batches of %d to %d, %d worker(s)%n",
                (System.nanoTime() - start) / 1e9,
                warm,
                e.fields().size(),
                e.sampleShape(),
                sampler,
                k,
                Math.min(minBatch, maxBatch),
                maxBatch,
                workers);
        System.out.println("ksi serve: try  curl -s " + server.uri() + "/v1/sample -d '{\"n\": 4}'");
        stopped.await();
        return clean.get() ? 0 : 1;
    }
}
