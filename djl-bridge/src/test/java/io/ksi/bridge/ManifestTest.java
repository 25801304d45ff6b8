package io.ksi.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ManifestTest {
    @TempDir
    Path tmp;

    @Test
    void fixtureManifestResolvesFilesNextToIt() {
        Manifest m = Manifest.read(Fixtures.file("manifest.json"));
        ModelSpec tiny = m.get("unet_tiny");
        assertEquals(Fixtures.file("unet_tiny.pt").normalize(), tiny.file());
        assertEquals(ModelFormat.TORCHSCRIPT, tiny.format());
        assertEquals(new Shape(1, 28, 28), tiny.inputShape());
        assertEquals(ModelFormat.ONNX, m.get("unet_tiny-onnx").format());
    }

    @Test
    void refsAcceptManifestEntryAndFileLists() {
        String dir = Fixtures.dir().toString();
        List<ModelSpec> one = ModelRefs.resolve(dir + "/manifest.json#gauss_plus");
        assertEquals(List.of("gauss_plus"), one.stream().map(ModelSpec::name).toList());
        List<ModelSpec> files = ModelRefs.resolve(dir + "/gauss_plus.pt," + dir + "/gauss_minus.onnx");
        assertEquals(
                List.of("gauss_plus", "gauss_minus"),
                files.stream().map(ModelSpec::name).toList());
        List<ModelSpec> same = ModelRefs.resolve(dir + "/gauss_plus.pt," + dir + "/gauss_plus.onnx");
        assertEquals(2, same.stream().map(ModelSpec::name).distinct().count());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ModelRefs.resolve(" "));
        assertTrue(e.getMessage().contains("manifest"));
    }

    @Test
    void unknownKeysAreErrorsNotSilentDefaults() throws IOException {
        Path p = tmp.resolve("m.json");
        Files.writeString(p, "{\"models\":[{\"file\":\"a.pt\",\"outputscale\":2}]}");
        ModelLoadException e = assertThrows(ModelLoadException.class, () -> Manifest.read(p));
        assertTrue(e.getMessage().contains("m.json") && e.getMessage().contains("'outputscale'"), e.getMessage());
        Files.writeString(p, "{\"models\":[{\"name\":\"a\"}]}");
        e = assertThrows(ModelLoadException.class, () -> Manifest.read(p));
        assertTrue(e.getMessage().contains("no \"file\""), e.getMessage());
        Files.writeString(p, "{\"models\": [");
        e = assertThrows(ModelLoadException.class, () -> Manifest.read(p));
        assertTrue(e.getMessage().contains("not valid JSON"), e.getMessage());
        Files.writeString(p, "{\"models\":[{\"file\":\"a.pt\",\"output\":\"logits\"}]}");
        e = assertThrows(ModelLoadException.class, () -> Manifest.read(p));
        assertTrue(e.getMessage().contains("velocity, noise or data"), e.getMessage());
    }

    @Test
    void timeMapAndOutputScaleAreApplied() throws IOException {
        // the exact Gaussian field, declared as trained with reversed time t' = 1 - t and halved outputs
        Files.copy(Fixtures.file("gauss_exact.pt"), tmp.resolve("g.pt"));
        Path p = tmp.resolve("m.json");
        Files.writeString(
                p,
                "{\"models\":[{\"name\":\"rev\",\"file\":\"g.pt\",\"inputShape\":[4],"
                        + "\"time\":{\"reverse\":true,\"scale\":0.5,\"shift\":0.25},\"outputScale\":0.5}]}");
        ModelSpec spec = Manifest.read(p).get("rev");
        assertEquals(0.25 + 0.5 * 0.7, spec.time().apply(0.3), 1e-12);
        try (NDManager m = NDManager.newBaseManager("PyTorch");
                VelocityField plain = ModelLoader.load(tmp.resolve("g.pt"));
                VelocityField mapped = ModelLoader.load(spec, LoadOptions.DEFAULT)) {
            NDArray x = m.randomNormal(new Shape(6, 4));
            NDArray expected = plain.evaluate(x, 0.25 + 0.5 * 0.7).mul(0.5f);
            assertTrue(mapped.evaluate(x, 0.3).sub(expected).abs().max().getFloat() < 1e-6f);
        }
    }

    @Test
    void writeThenReadRoundTrips() {
        ModelSpec s = new ModelSpec(
                "a",
                tmp.resolve("sub/a.pt"),
                null,
                new Shape(1, 28, 28),
                new TimeMap(1000, 0, true),
                OutputKind.NOISE,
                2.0,
                "trig",
                null,
                java.util.Map.of("steps", 50.0),
                null);
        Path p = tmp.resolve("manifest.json");
        Manifest.write(p, "round trip", List.of(s));
        ModelSpec r = Manifest.read(p).get("a");
        assertEquals(s.file().normalize(), r.file());
        assertEquals(s.time(), r.time());
        assertEquals(OutputKind.NOISE, r.output());
        assertEquals("trig", r.schedule());
        assertEquals(50.0, r.tags().get("steps"));
        assertEquals(2.0, r.outputScale());
    }
}
