package io.ksi.app.study;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.ksi.app.cli.Ksi;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `ksi series --quick` and `ksi field --quick` end to end (slow profile), asserting what their small fits reliably
 * show; the full-size numbers are in docs/scattering.md.
 */
@Tag("slow")
class SingleRealizationStudiesTest {
    @TempDir
    Path dir;

    private static JsonObject results(Path out) throws Exception {
        return JsonParser.parseString(Files.readString(out.resolve("results.json")))
                .getAsJsonObject();
    }

    private static double fact(JsonObject r, String name, String field) {
        for (var f : r.getAsJsonArray("facts")) {
            if (f.getAsJsonObject().get("name").getAsString().startsWith(name)) {
                return f.getAsJsonObject().get(field).getAsDouble();
            }
        }
        throw new AssertionError("no fact " + name);
    }

    @Test
    void daxSeriesKeepsScaleHeavyTailsAndVolatilityClustering() throws Exception {
        Path out = dir.resolve("series");
        String csv = Path.of("..", "data", "eustockmarkets.csv").toString();
        assertEquals(0, Ksi.run("series", "--quick", "-q", "--csv", csv, "--out", out.toString()));
        JsonObject r = results(out);
        // P counts every field (198 scattering features and 5 marginal fields), as ksi field's does
        assertEquals(203, r.get("P").getAsInt());
        assertEquals(198, r.get("scatteringFeatures").getAsInt());
        // settings as used, not as asked: J = floor(log2 1859) - 3 = 7 for "0", the chosen ridge for "auto"
        assertEquals(7, r.getAsJsonObject("settings").get("scales").getAsInt());
        assertEquals(
                r.get("ridge").getAsDouble(),
                r.getAsJsonObject("settings").get("ridge").getAsDouble());
        assertTrue(r.get("smallerThanDefaults").getAsBoolean());
        // the variance entries pin the scale: 8 series, each std within 30%
        assertEquals(fact(r, "std", "observed"), fact(r, "std", "mean"), 0.3 * fact(r, "std", "observed"));
        // clustering: |r| is autocorrelated in the generated series too (about 0.07 vs 0.107 at full size)
        assertTrue(fact(r, "acf(|r|), mean", "mean") > 0.02, "acf(|r|) " + fact(r, "acf(|r|), mean", "mean"));
        // returns themselves stay uncorrelated
        assertEquals(0, fact(r, "acf(r), mean", "mean"), 0.02);
        // heavy tails, from the marginal fields: a Gaussian has 3, scattering alone gave 3.9 at full size (5.2 here)
        assertTrue(fact(r, "kurtosis", "mean") > 4, "kurtosis " + fact(r, "kurtosis", "mean"));
        for (String f :
                new String[] {"report.md", "series.png", "density.png", "acf.png", "leverage.png", "generated.csv"}) {
            assertTrue(Files.size(out.resolve(f)) > 0, f);
        }
    }

    @Test
    void fieldSpectrumFollowsTheSnapshotAtEveryOctave() throws Exception {
        Path out = dir.resolve("field");
        assertEquals(0, Ksi.run("field", "--quick", "-q", "--out", out.toString()));
        JsonObject r = results(out);
        // every octave within the 20% target, allowing 3 standard errors of a mean over the 4 quick samples (the |k| =
        // 1
        // shell has 8 modes: its se is about 0.24); scattering alone misses the outer octaves by factors 2 to 10^4
        for (var o : r.getAsJsonArray("octaves")) {
            JsonObject oc = o.getAsJsonObject();
            double ratio = oc.get("ratio").getAsDouble();
            double se = oc.get("ratioError").getAsDouble();
            assertEquals(1.0, ratio, 0.2 + 3 * se, "power ratio at |k| " + oc.get("from") + "-" + oc.get("to"));
        }
        for (String f : new String[] {"report.md", "fields.png", "spectrum.png", "histogram.png"}) {
            assertTrue(Files.size(out.resolve(f)) > 0, f);
        }
    }
}
