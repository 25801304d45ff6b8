package io.ksi.app.cli;

import static io.ksi.app.cli.BadInputTest.fixture;
import static io.ksi.app.cli.BadInputTest.listing;
import static io.ksi.app.cli.BadInputTest.run;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.ksi.bridge.Npy;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A command that fails leaves every earlier output exactly as it was and no temporary file: writes cut short by a
 * file-size limit (a real ulimit, in a child JVM), a model that fails during a fit or a sampling run, a picture that
 * cannot be written after the ensemble could.
 */
class FaultInjectionTest {
    @TempDir
    Path tmp;

    /** Earlier outputs with recognizable bytes, to compare after the failed command. */
    private Map<Path, byte[]> earlier(String... names) throws IOException {
        Map<Path, byte[]> out = new LinkedHashMap<>();
        for (String n : names) {
            byte[] b = ("earlier " + n + "\n").getBytes(StandardCharsets.UTF_8);
            Files.write(tmp.resolve(n), b);
            out.put(tmp.resolve(n), b);
        }
        return out;
    }

    private void assertUnchanged(Map<Path, byte[]> files, List<Path> extra) throws IOException {
        for (Map.Entry<Path, byte[]> e : files.entrySet()) {
            assertArrayEquals(e.getValue(), Files.readAllBytes(e.getKey()), e.getKey() + " changed");
        }
        List<Path> expected = new ArrayList<>(files.keySet());
        expected.addAll(extra);
        assertEquals(expected.stream().sorted().toList(), listing(tmp), "temporary files left behind");
    }

    /** Runs the ksi CLI in a child JVM under `ulimit -f KB`: the kernel refuses to grow any file past KB. */
    private int underFileSizeLimit(int kilobytes, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:-UsePerfData",
                "-Dai.djl.offline=true",
                "-cp",
                System.getProperty("java.class.path"),
                Ksi.class.getName()));
        cmd.addAll(List.of(args));
        String line = "ulimit -f " + kilobytes + " && exec \"$@\"";
        List<String> bash = new ArrayList<>(List.of("bash", "-c", line, "bash"));
        bash.addAll(cmd);
        Process p = new ProcessBuilder(bash)
                .redirectErrorStream(true)
                .redirectOutput(tmp.resolve("child.log").toFile())
                .start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "child JVM timed out");
        String log = Files.readString(tmp.resolve("child.log"));
        Files.delete(tmp.resolve("child.log"));
        assertTrue(log.contains("File too large"), "the limit was hit and named:\n" + log);
        return p.exitValue();
    }

    @Test
    void velocityCutShortByAFileSizeLimitLeavesTheEarlierOutput() throws Exception {
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            Npy.write(tmp.resolve("small.npy"), m.randomNormal(new Shape(1, 1, 28, 28)));
            Npy.write(tmp.resolve("large.npy"), m.randomNormal(new Shape(64, 1, 28, 28)));
        }
        String model = fixture("unet_tiny.pt");
        Path v = tmp.resolve("v.npy");
        String[] small = {"velocity", "-q", "--model", model, "--input", tmp.resolve("small.npy") + "", "--t", "0.5"};
        assertEquals(0, run(concat(small, "--out", v.toString())).code());
        byte[] before = Files.readAllBytes(v);
        assertTrue(before.length < 16 * 1024);
        // 64 samples are 200 KB of velocity, the limit 16 KB
        String[] large = {"velocity", "-q", "--model", model, "--input", tmp.resolve("large.npy") + "", "--t", "0.5"};
        assertNotEquals(0, underFileSizeLimit(16, concat(large, "--out", v.toString())));
        assertArrayEquals(before, Files.readAllBytes(v));
        assertEquals(List.of(tmp.resolve("large.npy"), tmp.resolve("small.npy"), v), listing(tmp));
    }

    @Test
    void fitCutShortByAFileSizeLimitLeavesTheEnsembleAndItsPictures() throws Exception {
        Map<Path, byte[]> files = earlier("e.json", "e.eta.png", "e.diagnostics.png");
        assertNotEquals(0, underFileSizeLimit(16, fitArgs("gauss_plus.pt", fixture("gauss_target.npy"))));
        assertUnchanged(files, List.of());
    }

    @Test
    void aModelFailingDuringTheFitLeavesNoPartialOutput() throws IOException {
        Map<Path, byte[]> files = earlier("e.json", "e.eta.png", "e.diagnostics.png");
        Path data = tmp.resolve("d.npy");
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            Npy.write(data, m.randomNormal(new Shape(64, 1, 8, 8)));
        }
        // nan_below_half returns NaN for t < 0.5: it fails part of the way through the grid
        BadInputTest.Result r = run(fitArgs("nan_below_half.pt", data.toString()));
        assertEquals(1, r.code(), r.err());
        assertTrue(r.err().contains("nan_below_half"), r.err());
        assertUnchanged(files, List.of(data));
    }

    @Test
    void aPictureThatCannotBeWrittenLeavesTheEnsembleAsItWas() throws IOException {
        Map<Path, byte[]> files = earlier("e.json", "e.eta.png");
        Files.createDirectory(tmp.resolve("e.diagnostics.png"));
        BadInputTest.Result r = run(fitArgs("gauss_plus.pt", fixture("gauss_target.npy")));
        assertEquals(1, r.code());
        assertTrue(r.err().contains("e.diagnostics.png: it is a folder"), r.err());
        assertUnchanged(files, List.of(tmp.resolve("e.diagnostics.png")));
    }

    @Test
    void aModelFailingWhileSamplingLeavesTheEarlierSamples() throws IOException {
        Path good = tmp.resolve("good.json");
        assertEquals(
                0, run(fitArgs("gauss_plus.pt", fixture("gauss_target.npy"))).code());
        Files.move(tmp.resolve("e.json"), good);
        // the same ensemble file with its model swapped for one that returns NaN below t = 0.5
        JsonObject e = JsonParser.parseString(Files.readString(good)).getAsJsonObject();
        JsonObject model = e.getAsJsonArray("fields").get(0).getAsJsonObject().getAsJsonObject("model");
        model.addProperty("file", fixture("nan_below_half.pt"));
        JsonArray shape = new JsonArray();
        List.of(1, 8, 8).forEach(shape::add);
        e.getAsJsonObject("settings").add("sampleShape", shape);
        Path bad = tmp.resolve("bad.json");
        Files.writeString(bad, e.toString());
        Files.delete(good);
        Files.delete(tmp.resolve("e.eta.png"));
        Files.delete(tmp.resolve("e.diagnostics.png"));
        Map<Path, byte[]> files = earlier("s.npy", "s.png");
        BadInputTest.Result r = run(
                "sample",
                "-q",
                "--ensemble",
                bad.toString(),
                "-n",
                "8",
                "--out",
                tmp.resolve("s.npy").toString(),
                "--png",
                tmp.resolve("s.png").toString());
        assertEquals(1, r.code());
        assertTrue(r.err().contains("output has 512 NaN"), r.err());
        assertUnchanged(files, List.of(bad));
    }

    private String[] fitArgs(String model, String data) {
        return new String[] {
            "fit",
            "-q",
            "--models",
            fixture(model),
            "--data",
            data,
            "--pairs",
            "256",
            "--heldout",
            "64",
            "--steps",
            "8",
            "--out",
            tmp.resolve("e.json").toString()
        };
    }

    private static String[] concat(String[] a, String... b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
