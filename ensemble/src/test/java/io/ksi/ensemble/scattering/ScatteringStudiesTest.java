package io.ksi.ensemble.scattering;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.ksi.cli.Ksi;
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
class ScatteringStudiesTest {
    @TempDir
    Path dir;

    private static JsonObject results(Path out) throws Exception {
        return JsonParser.parseString(Files.readString(out.resolve("results.json"))).getAsJsonObject();
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
    void daxSeriesKeepsScaleAndVolatilityClustering() throws Exception {
        Path out = dir.resolve("series");
        String csv = Path.of("..", "data", "eustockmarkets.csv").toString();
        assertEquals(0, Ksi.run("series", "--quick", "-q", "--csv", csv, "--out", out.toString()));
        JsonObject r = results(out);
        assertEquals(198, r.get("P").getAsInt());
        // the variance entries pin the scale: 8 series, each std within 30%
        assertEquals(fact(r, "std", "observed"), fact(r, "std", "mean"), 0.3 * fact(r, "std", "observed"));
        // clustering: |r| is autocorrelated in the generated series too (about 0.07 vs 0.107 at full size)
        assertTrue(fact(r, "acf(|r|), mean", "mean") > 0.02, "acf(|r|) " + fact(r, "acf(|r|), mean", "mean"));
        // returns themselves stay uncorrelated
        assertEquals(0, fact(r, "acf(r), mean", "mean"), 0.02);
        for (String f : new String[] {"report.md", "series.png", "density.png", "acf.png", "leverage.png", "generated.csv"}) {
            assertTrue(Files.size(out.resolve(f)) > 0, f);
        }
    }

    @Test
    void fieldSpectrumFollowsTheSnapshotWhereTheEnergyIs() throws Exception {
        Path out = dir.resolve("field");
        assertEquals(0, Ksi.run("field", "--quick", "-q", "--out", out.toString()));
        JsonObject r = results(out);
        var octaves = r.getAsJsonArray("octaves");
        // octave |k| 4-7 holds ~70% of the power (the forced scales): within 30% there
        double ratio = octaves.get(2).getAsJsonObject().get("ratio").getAsDouble();
        assertEquals(1.0, ratio, 0.3, "power ratio at |k| 4-7");
        for (String f : new String[] {"report.md", "fields.png", "spectrum.png", "histogram.png"}) {
            assertTrue(Files.size(out.resolve(f)) > 0, f);
        }
    }
}
