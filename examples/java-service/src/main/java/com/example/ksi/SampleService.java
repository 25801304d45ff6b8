package com.example.ksi;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import com.sun.net.httpserver.HttpServer;
import io.ksi.bridge.LoadOptions;
import io.ksi.bridge.Progress;
import io.ksi.ensemble.EnsembleFile;
import io.ksi.ensemble.KernelEnsemble;
import io.ksi.ensemble.sampling.SampleRequest;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/**
 * Loads an ensemble file written by {@code ksi fit} and either prints a few samples with their mean, or serves
 * {@code GET /sample?n=N&seed=S} as JSON on a port. The whole dependency on ksi is the library ksi-ensemble.
 *
 * <pre>
 *   SampleService ENSEMBLE.json [N]          print N samples (default 8) and their mean
 *   SampleService ENSEMBLE.json --serve PORT  serve them over HTTP until stopped
 * </pre>
 */
public final class SampleService {
    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: SampleService ENSEMBLE.json [N | --serve PORT]");
            System.exit(2);
        }
        // one ensemble for the process: models load once, sampling is safe from several threads
        KernelEnsemble ensemble = EnsembleFile.read(Path.of(args[0]), LoadOptions.DEFAULT);
        if (args.length >= 3 && args[1].equals("--serve")) {
            serve(ensemble, Integer.parseInt(args[2]));
            return;
        }
        int n = args.length >= 2 ? Integer.parseInt(args[1]) : 8;
        try (ensemble) {
            float[][] rows = sample(ensemble, n, 1);
            for (float[] row : rows) {
                System.out.println(Arrays.toString(row));
            }
            System.out.println("mean " + Arrays.toString(mean(rows)) + " over " + n + " samples of " + ensemble);
        }
    }

    /** n samples from noise seed {@code seed}, 50 optimal-diffusion steps: same seed, same samples. */
    static float[][] sample(KernelEnsemble ensemble, int n, long seed) {
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            NDArray x = ensemble.sample(SampleRequest.of(n, seed, 50), m, Progress.NONE);
            int d = (int) ensemble.sampleShape().size();
            float[] flat = x.toFloatArray();
            float[][] rows = new float[n][];
            for (int i = 0; i < n; i++) {
                rows[i] = Arrays.copyOfRange(flat, i * d, (i + 1) * d);
            }
            return rows;
        }
    }

    static float[] mean(float[][] rows) {
        float[] m = new float[rows[0].length];
        for (float[] r : rows) {
            for (int j = 0; j < m.length; j++) {
                m[j] += r[j] / rows.length;
            }
        }
        return m;
    }

    private static void serve(KernelEnsemble ensemble, int port) throws Exception {
        HttpServer http = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        http.createContext("/sample", exchange -> {
            String query = exchange.getRequestURI().getQuery();
            int n = parameter(query, "n", 4);
            long seed = parameter(query, "seed", 1);
            byte[] body;
            int status = 200;
            if (n < 1 || n > 1024) {
                status = 400;
                body = "{\"error\": \"n must be in 1..1024\"}".getBytes(StandardCharsets.UTF_8);
            } else {
                StringBuilder json = new StringBuilder("{\"samples\": [");
                float[][] rows = sample(ensemble, n, seed);
                for (int i = 0; i < rows.length; i++) {
                    json.append(i == 0 ? "" : ", ").append(Arrays.toString(rows[i]));
                }
                body = json.append("]}").toString().getBytes(StandardCharsets.UTF_8);
            }
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        http.start();
        System.out.printf(Locale.ROOT, "serving %s on http://127.0.0.1:%d/sample?n=4%n", ensemble, port);
    }

    private static int parameter(String query, String name, int otherwise) {
        if (query != null) {
            for (String kv : query.split("&")) {
                String[] p = kv.split("=", 2);
                if (p.length == 2 && p[0].equals(name)) {
                    try {
                        return Integer.parseInt(p[1]);
                    } catch (NumberFormatException e) {
                        return -1;
                    }
                }
            }
        }
        return otherwise;
    }
}
