package io.ksi.ensemble.scattering;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import io.ksi.ensemble.feature.FieldCodec;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The surface 1D and 2D share: one Reduction, the same accessors, and map kinds found through ServiceLoader. */
class ScatteringSurfaceTest {
    @Test
    void oneReductionNamesWhatAppliesToEachDimension() {
        assertEquals(Reduction.ISO_ISO, Reduction.parse("iso-iso", 2));
        assertEquals(Reduction.ISO_ISO, Reduction.parse("ISO_ISO", 2));
        assertEquals(Reduction.INVARIANT, Reduction.parse("invariant", 1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Reduction.parse("iso", 1));
        assertEquals("reduction iso does not apply to series; expected one of full, invariant", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Reduction.parse("isotropic", 2));
        assertEquals("unknown reduction 'isotropic'; expected one of full, iso, iso_iso", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new Scattering2D(16, 16, 2, 4, Reduction.INVARIANT));
        assertTrue(e.getMessage().contains("does not apply to 2D fields"), e.getMessage());
        assertThrows(
                IllegalArgumentException.class,
                () -> new Scattering1D(64, 3, Wavelet.MORLET, Scattering1D.NU_MAX, Reduction.ISO));
    }

    @Test
    void bothTransformsAnswerTheSameQuestions() {
        List<Scattering> both = List.of(
                new Scattering1D(64, 3, Wavelet.MORLET, Scattering1D.NU_MAX, Reduction.FULL),
                new Scattering2D(16, 16, 2, 4, Reduction.ISO_ISO));
        assertEquals(List.of(64L), toList(both.get(0).sampleShape().getShape()));
        assertEquals(List.of(16L, 16L), toList(both.get(1).sampleShape().getShape()));
        for (Scattering s : both) {
            assertEquals(s.featureCount(), s.featureLabels().size(), s.toString());
            assertTrue(s.filters().length > s.scales(), s + ": one row per filter");
        }
        assertEquals(Scattering2D.count(Reduction.ISO_ISO, 2, 4), both.get(1).featureCount());
    }

    @Test
    void featureMapKindsAreFoundOnTheClassPath() {
        assertEquals(
                List.of("scattering1d", "scattering2d"),
                List.copyOf(FieldCodec.kinds().keySet()));
        JsonObject o =
                new ScatteringSpectra2D(new Scattering2D(16, 16, 2, 4, Reduction.ISO_ISO), ones(8), false).describe();
        assertInstanceOf(ScatteringSpectra2D.class, FieldCodec.mapFromJson(o, Path.of("e.json")));
        o.addProperty("kind", "wavelets3d");
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> FieldCodec.mapFromJson(o, Path.of("e.json")));
        assertEquals(
                "e.json: unknown feature map kind 'wavelets3d' (expected one of scattering1d, scattering2d)",
                e.getMessage());
    }

    private static double[] ones(int n) {
        double[] v = new double[n];
        java.util.Arrays.fill(v, 1);
        return v;
    }

    private static List<Long> toList(long[] v) {
        return java.util.Arrays.stream(v).boxed().toList();
    }
}
