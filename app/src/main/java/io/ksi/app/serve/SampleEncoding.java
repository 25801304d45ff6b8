package io.ksi.app.serve;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.ksi.app.plot.ImageGrid;
import io.ksi.bridge.AtomicFiles;
import io.ksi.bridge.Npy;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/** The three answers to a sample request, chosen by the Accept header: JSON (the default), .npy bytes, a PNG grid. */
enum SampleEncoding {
    JSON("application/json"),
    NPY("application/x-npy"),
    PNG("image/png");

    final String contentType;

    SampleEncoding(String contentType) {
        this.contentType = contentType;
    }

    /** The first of npy, png, json the Accept header names; JSON when it names none (or is absent, or any type). */
    static SampleEncoding forAccept(String accept, Shape sampleShape) {
        String a = accept == null ? "" : accept.toLowerCase(Locale.ROOT);
        if (a.contains(NPY.contentType)) {
            return NPY;
        }
        if (a.contains(PNG.contentType)) {
            if (!ImageGrid.isImageShape(sampleShape)) {
                throw new BadRequest(
                        406,
                        "Accept",
                        "image/png is for image ensembles; this one's samples have shape " + sampleShape
                                + ": ask for application/json or application/x-npy");
            }
            return PNG;
        }
        if (a.isEmpty() || a.contains("json") || a.contains("*/*")) {
            return JSON;
        }
        throw new BadRequest(
                406,
                "Accept",
                "cannot answer " + accept + ": expected application/json, application/x-npy or image/png");
    }

    byte[] encode(SampleRequest r, Shape sampleShape, float[] samples, double ms) {
        Shape shape = new Shape(r.n()).addAll(sampleShape);
        return switch (this) {
            case JSON -> json(r, shape, samples, ms);
            case NPY -> npy(shape, samples);
            case PNG -> bytes(ImageGrid.png(samples, sampleShape, 0, 3));
        };
    }

    /** Float.toString is the shortest decimal that reads back to the same float32: JSON loses no bit. */
    private static byte[] json(SampleRequest r, Shape shape, float[] samples, double ms) {
        StringBuilder b = new StringBuilder(samples.length * 12 + 200);
        b.append("{\"shape\":[");
        for (int i = 0; i < shape.dimension(); i++) {
            b.append(i == 0 ? "" : ",").append(shape.get(i));
        }
        b.append("],\"seed\":").append(r.seed());
        b.append(",\"steps\":").append(r.steps());
        b.append(",\"sampler\":\"").append(r.sampler()).append('"');
        b.append(",\"ms\":").append(String.format(Locale.ROOT, "%.1f", ms));
        b.append(",\"samples\":[");
        for (int i = 0; i < samples.length; i++) {
            b.append(i == 0 ? "" : ",").append(samples[i]);
        }
        return b.append("]}").toString().getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] npy(Shape shape, float[] samples) {
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            return bytes(Npy.content(m.create(samples, shape)));
        }
    }

    private static byte[] bytes(AtomicFiles.Content c) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            c.writeTo(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
