package io.ksi.app.serve;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/** The service's metrics, in its own registry (two servers in one JVM, as in tests, do not share counts). */
final class ServeMetrics {
    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final Counter requests = Counter.builder()
            .name("ksi_requests_total")
            .help("HTTP requests by endpoint and status")
            .labelNames("endpoint", "status")
            .register(registry);
    private final Histogram latency = Histogram.builder()
            .name("ksi_request_seconds")
            .help("time from request to response, by endpoint")
            .labelNames("endpoint")
            .classicOnly()
            .classicUpperBounds(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60)
            .register(registry);
    private final Counter samples = Counter.builder()
            .name("ksi_samples_total")
            .help("samples generated")
            .register(registry);
    private final Histogram batchRows = Histogram.builder()
            .name("ksi_batch_samples")
            .help("samples per coalesced batch (one model call per step for all of them)")
            .classicOnly()
            .classicUpperBounds(1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024, 4096)
            .register(registry);
    private final Histogram batchRequests = Histogram.builder()
            .name("ksi_batch_requests")
            .help("requests sharing a batch")
            .classicOnly()
            .classicUpperBounds(1, 2, 4, 8, 16, 32, 64)
            .register(registry);
    private final Gauge inFlight = Gauge.builder()
            .name("ksi_requests_in_flight")
            .help("sample requests received and not yet answered")
            .register(registry);
    private final Gauge queued = Gauge.builder()
            .name("ksi_queued_samples")
            .help("samples waiting for a batch")
            .register(registry);

    void request(String endpoint, int status, double seconds) {
        requests.labelValues(endpoint, Integer.toString(status)).inc();
        latency.labelValues(endpoint).observe(seconds);
    }

    void batch(int rows, int requestCount) {
        batchRows.observe(rows);
        batchRequests.observe(requestCount);
        samples.inc(rows);
    }

    /** Prometheus text exposition 0.0.4. */
    byte[] scrape(int requestsInFlight, int queuedSamples) {
        inFlight.set(requestsInFlight);
        queued.set(queuedSamples);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            PrometheusTextFormatWriter.create().write(out, registry.scrape());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    static String contentType() {
        return PrometheusTextFormatWriter.CONTENT_TYPE;
    }
}
