package io.ksi.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.ksi.bridge.Npy;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScatteringCommandTest {
    @TempDir
    Path dir;

    /**
     * The reference input of docs/scattering-spec.md §7, twice: both rows give the reference's normalized coefficients.
     */
    @Test
    void oneDimensionalRowsInReferenceOrder() throws Exception {
        double[] x = new double[2 * 1024];
        for (int n = 0; n < 1024; n++) {
            x[n] = Math.sin(0.05 * n) + 0.3 * Math.sin(0.31 * n) + 0.1 * Math.cos(1.7 * n);
            x[1024 + n] = x[n];
        }
        Path in = dir.resolve("x.npy");
        Path out = dir.resolve("phi.npy");
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            Npy.write(in, m.create(x, new Shape(2, 1024)));
            assertEquals(
                    0,
                    Ksi.run(
                            "scattering",
                            "--input",
                            in.toString(),
                            "--dims",
                            "1",
                            "--float64",
                            "--out",
                            out.toString()));
            NDArray phi = Npy.read(m, out);
            assertEquals(new Shape(2, 135, 2), phi.getShape());
            double[] v = phi.toDoubleArray();
            JsonObject ref;
            try (var r = new InputStreamReader(
                    getClass().getResourceAsStream("/scattering/scattering_reference_1d.json"),
                    StandardCharsets.UTF_8)) {
                ref = JsonParser.parseReader(r).getAsJsonObject();
            }
            var first = ref.getAsJsonObject("frozen_norm_model").getAsJsonArray("first20_re");
            for (int k = 0; k < 20; k++) {
                double want = first.get(k).getAsDouble();
                assertEquals(want, v[2 * k], 1e-10 * Math.max(1e-2, Math.abs(want)), "row 0 coefficient " + k);
                assertEquals(want, v[270 + 2 * k], 1e-10 * Math.max(1e-2, Math.abs(want)), "row 1 coefficient " + k);
            }
        }
        List<String> labels = Files.readAllLines(dir.resolve("phi.labels.txt"));
        assertEquals(135, labels.size());
        assertEquals("kurtosis[j1=1,j1'=0,j2=2]", labels.get(58));
    }

    @Test
    void everyCommandHasHelp() {
        for (String name : Ksi.commandLine().getSubcommands().keySet()) {
            if (!name.equals("help")) {
                assertEquals(0, Ksi.run(name, "--help"), "ksi " + name + " --help");
            }
        }
    }

    @Test
    void twoDimensionalWithAReferenceAndClearErrors() throws Exception {
        Path in = dir.resolve("f.npy");
        Path out = dir.resolve("phi2.npy");
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            Npy.write(in, m.randomNormal(new Shape(3, 32, 32)));
            assertEquals(
                    0,
                    Ksi.run(
                            "scattering",
                            "--input",
                            in.toString(),
                            "--dims",
                            "2",
                            "--J",
                            "3",
                            "--reference",
                            in.toString(),
                            "--out",
                            out.toString()));
            assertEquals(new Shape(3, 1 + 6 + 4 * 6 + 16 * 10), Npy.read(m, out).getShape());
            assertEquals(
                    0,
                    Ksi.run(
                            "scattering",
                            "--input",
                            in.toString(),
                            "--dims",
                            "2",
                            "--J",
                            "2",
                            "--full",
                            "--out",
                            out.toString()));
            assertEquals(
                    new Shape(3, 1 + 2 * 2 * 4 + 16 * 2 * 3 + 64 * 2 * 3 * 4 / 3),
                    Npy.read(m, out).getShape());
        }
        assertEquals(1, Ksi.run("scattering", "--input", in.toString(), "--dims", "1", "--out", out.toString()));
        assertTrue(Files.exists(in));
    }
}
