package io.ksi.app.serve;

import com.google.gson.JsonObject;
import io.ksi.ensemble.sampling.SampleBatcher;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpHeaderValue;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The endpoints. Sample requests are asynchronous: the body is read, validated and queued without holding a thread, and
 * the answer is encoded on Jetty's pool, never on a sampler worker.
 */
final class SampleService extends Handler.Abstract {
    /** A sample request is a few fields; anything this large is not one. */
    static final int MAX_BODY_BYTES = 16 * 1024;

    /**
     * Bodies up to this size are read to the end before a 413: answering while the client is still uploading and
     * closing the connection can reset it before the client reads the answer. Larger ones are cut off at once.
     */
    static final int READ_LIMIT = 1024 * 1024;

    /** What the service needs once the models are loaded and warmed up; null before. */
    record Loaded(SampleBatcher batcher, SampleRequest.Defaults defaults, byte[] description) {}

    private final ServeMetrics metrics;
    private final Executor encoders;
    private volatile Loaded loaded;
    private volatile boolean draining;
    private final AtomicInteger inFlight = new AtomicInteger();

    SampleService(ServeMetrics metrics, Executor encoders) {
        this.metrics = metrics;
        this.encoders = encoders;
    }

    void ready(Loaded l) {
        this.loaded = l;
    }

    boolean isReady() {
        return loaded != null && !draining;
    }

    /** From now on sample requests are refused with 503; those already taken still get their answer. */
    void drain() {
        draining = true;
    }

    int inFlight() {
        return inFlight.get();
    }

    /** Waits until every sample request taken has been answered; false if {@code timeoutMs} ran out first. */
    boolean awaitIdle(long timeoutMs) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutMs * 1_000_000;
        while (inFlight.get() > 0) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(20);
        }
        return true;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        long start = System.nanoTime();
        String path = request.getHttpURI().getPath();
        String method = request.getMethod();
        String endpoint = switch (path) {
            case "/v1/sample", "/health", "/v1/ensemble", "/metrics" -> path;
            default -> "other";
        };
        Answer answer = (status, type, body) -> send(response, callback, endpoint, start, status, type, body);
        try {
            switch (endpoint) {
                case "/v1/sample" -> {
                    requireMethod(method, "POST", response);
                    if (request.getHttpURI().getQuery() != null) {
                        throw new BadRequest(
                                400,
                                null,
                                "query parameters are not read here (?"
                                        + request.getHttpURI().getQuery()
                                        + "): put them in the JSON body, such as {\"n\": 16}");
                    }
                    sample(request, answer);
                }
                case "/health" -> {
                    requireMethod(method, "GET", response);
                    health(answer);
                }
                case "/v1/ensemble" -> {
                    requireMethod(method, "GET", response);
                    answer.send(200, "application/json", require().description());
                }
                case "/metrics" -> {
                    requireMethod(method, "GET", response);
                    Loaded l = loaded;
                    byte[] text = metrics.scrape(
                            inFlight.get(), l == null ? 0 : l.batcher().queuedRows());
                    answer.send(200, ServeMetrics.contentType(), text);
                }
                default ->
                    throw new BadRequest(
                            404,
                            null,
                            "no endpoint " + path + ": POST /v1/sample, GET /health, /v1/ensemble, /metrics");
            }
        } catch (BadRequest e) {
            answer.error(e);
        }
        return true;
    }

    private void health(Answer answer) {
        if (draining) {
            answer.send(503, "application/json", json("{\"status\":\"stopping\"}"));
        } else if (loaded == null) {
            answer.send(503, "application/json", json("{\"status\":\"loading\"}"));
        } else {
            answer.send(200, "application/json", json("{\"status\":\"ready\"}"));
        }
    }

    private void sample(Request request, Answer answer) {
        Loaded l = require();
        // the body is read as JSON whatever its Content-Type says: curl -d sends form-urlencoded
        long length = request.getLength();
        if (length > READ_LIMIT) {
            throw tooLarge(length);
        }
        SampleEncoding encoding = SampleEncoding.forAccept(
                request.getHeaders().get(HttpHeader.ACCEPT), l.batcher().sampleShape());
        if (draining) {
            throw new BadRequest(503, null, "the server is shutting down");
        }
        inFlight.incrementAndGet();
        CompletableFuture<byte[]> body = Content.Source.asByteArrayAsync(request, READ_LIMIT);
        body.handle((bytes, readFailure) -> {
                    if (readFailure != null) {
                        // the only read that fails with a live client is a chunked body beyond the read limit
                        throw new BadRequest(
                                413,
                                null,
                                "body larger than " + READ_LIMIT + " bytes, or not readable: a sample"
                                        + " request is at most " + MAX_BODY_BYTES);
                    }
                    if (bytes.length > MAX_BODY_BYTES) {
                        throw tooLarge(bytes.length);
                    }
                    return SampleRequest.parse(new String(bytes, StandardCharsets.UTF_8), l.defaults());
                })
                .thenCompose(r -> {
                    long queued = System.nanoTime();
                    return l.batcher()
                            .submit(r.n(), r.seed(), r.parsedSampler(), r.steps())
                            .thenApplyAsync(
                                    v -> encoding.encode(
                                            r, l.batcher().sampleShape(), v, (System.nanoTime() - queued) / 1e6),
                                    encoders);
                })
                .whenComplete((bytes, failure) -> {
                    try {
                        answerSample(answer, encoding, bytes, failure);
                    } finally {
                        inFlight.decrementAndGet();
                    }
                });
    }

    private static void answerSample(Answer answer, SampleEncoding encoding, byte[] bytes, Throwable failure) {
        if (failure == null) {
            answer.send(200, encoding.contentType, bytes);
            return;
        }
        Throwable cause =
                failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        if (cause instanceof BadRequest b) {
            answer.error(b);
        } else if (cause instanceof IllegalStateException && SampleBatcher.STOPPED.equals(cause.getMessage())) {
            answer.error(new BadRequest(503, null, "the server is shutting down: ask again elsewhere"));
        } else {
            answer.error(new BadRequest(500, null, String.valueOf(cause.getMessage())));
        }
    }

    private static BadRequest tooLarge(long length) {
        return new BadRequest(413, null, "body of " + length + " bytes; a sample request is at most " + MAX_BODY_BYTES);
    }

    private Loaded require() {
        Loaded l = loaded;
        if (l == null) {
            throw new BadRequest(503, null, "the models are still loading: poll GET /health until it answers 200");
        }
        return l;
    }

    /** GET endpoints also answer HEAD (what load balancers and curl -I send): the same headers, no body. */
    private static void requireMethod(String method, String allowed, Response response) {
        boolean head = method.equals("HEAD") && allowed.equals("GET");
        if (!method.equals(allowed) && !head) {
            response.getHeaders().put(HttpHeader.ALLOW, allowed.equals("GET") ? "GET, HEAD" : allowed);
            throw new BadRequest(405, null, "method " + method + " not allowed here: use " + allowed);
        }
    }

    private void send(
            Response response, Callback callback, String endpoint, long start, int status, String type, byte[] body) {
        response.setStatus(status);
        // An answer given before the whole body arrived (wrong method or path, a refusal before reading) ends the
        // connection and says so: Jetty would close it anyway, and a client reusing it would find it closed under its
        // next request. What has arrived is discarded, so a short unread body keeps the connection.
        if (!response.getRequest().consumeAvailable()) {
            response.getHeaders().put(HttpHeader.CONNECTION, HttpHeaderValue.CLOSE.asString());
        }
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, type);
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
        boolean head = response.getRequest().getMethod().equals("HEAD");
        response.write(true, head ? ByteBuffer.allocate(0) : ByteBuffer.wrap(body), callback);
        metrics.request(endpoint, status, (System.nanoTime() - start) / 1e9);
    }

    /** A JSON body, ending in a newline as text answers do (a terminal prompt after curl starts on its own line). */
    static byte[] json(String s) {
        return (s + "\n").getBytes(StandardCharsets.UTF_8);
    }

    /** Sends one answer; errors are JSON naming the field. */
    @FunctionalInterface
    private interface Answer {
        void send(int status, String type, byte[] body);

        default void error(BadRequest e) {
            JsonObject o = new JsonObject();
            o.addProperty("error", e.getMessage());
            if (e.field() != null) {
                o.addProperty("field", e.field());
            }
            o.addProperty("status", e.status());
            send(e.status(), "application/json", json(o.toString()));
        }
    }
}
