package io.ksi.ensemble.scattering;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** The reference values of docs/scattering-spec.md §7 (RudyMorel/scattering_spectra on a fixed float64 input). */
final class Reference1D {
    static final JsonObject JSON = load();

    private Reference1D() {}

    private static JsonObject load() {
        try (Reader r = new InputStreamReader(
                Reference1D.class.getResourceAsStream("/scattering/scattering_reference_1d.json"),
                StandardCharsets.UTF_8)) {
            return JsonParser.parseReader(r).getAsJsonObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** x[n] = sin(0.05 n) + 0.3 sin(0.31 n) + 0.1 cos(1.7 n), n = 0..1023. */
    static double[] input() {
        double[] x = new double[1024];
        for (int n = 0; n < x.length; n++) {
            x[n] = Math.sin(0.05 * n) + 0.3 * Math.sin(0.31 * n) + 0.1 * Math.cos(1.7 * n);
        }
        return x;
    }

    static double[] doubles(JsonObject o, String key) {
        return o.getAsJsonArray(key).asList().stream()
                .mapToDouble(e -> e.isJsonNull() ? Double.NaN : e.getAsDouble())
                .toArray();
    }

    static JsonObject run(String wavelet) {
        return JSON.getAsJsonObject("runs").getAsJsonObject(wavelet);
    }

    /** |a - b| within rel * |b|, or within abs for tiny reference values (docs/scattering-spec.md §7). */
    static boolean close(double a, double b, double rel, double abs) {
        return Math.abs(b) < 1e-6 ? Math.abs(a - b) <= abs : Math.abs(a - b) <= rel * Math.abs(b);
    }
}
