package io.ksi.app.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.ksi.bridge.Fixtures;
import io.ksi.bridge.Npy;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CLI end to end on the committed fixtures. */
class CliTest {
    @TempDir
    Path tmp;

    private static String fixture(String name) {
        return Fixtures.file(name).toString();
    }

    @Test
    void heldOutPairsDefaultToAQuarterOfThePairsUpTo512() throws Exception {
        String models = fixture("gauss_plus.pt");
        for (int[] c : new int[][] {{200, 50}, {4000, 512}}) {
            Path ens = tmp.resolve("h" + c[0] + ".json");
            assertEquals(
                    0,
                    Ksi.run(
                            "fit",
                            "-q",
                            "--models",
                            models,
                            "--data",
                            fixture("gauss_target.npy"),
                            "--pairs",
                            String.valueOf(c[0]),
                            "--steps",
                            "2",
                            "--out",
                            ens.toString()));
            JsonObject settings = JsonParser.parseString(Files.readString(ens))
                    .getAsJsonObject()
                    .getAsJsonObject("settings");
            assertEquals(c[1], settings.get("heldOutPairs").getAsInt(), c[0] + " pairs");
        }
    }

    @Test
    void velocityWorksOnTorchScriptAndOnnx() {
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            NDArray x = Npy.readAll(m, Fixtures.file("unet_tiny.reference.npz")).get("x");
            Path in = tmp.resolve("x.npy");
            Npy.write(in, x);
            for (String model : new String[] {"unet_tiny.pt", "unet_tiny.onnx", "manifest.json#unet_tiny"}) {
                Path out = tmp.resolve(model.replace('#', '_') + ".npy");
                assertEquals(
                        0,
                        Ksi.run(
                                "velocity",
                                "--model",
                                fixture(model),
                                "--input",
                                in.toString(),
                                "--t",
                                "0.3",
                                "--out",
                                out.toString()));
                NDArray v = Npy.read(m, out);
                assertEquals(x.getShape(), v.getShape());
            }
            NDArray a = Npy.read(m, tmp.resolve("unet_tiny.pt.npy"));
            NDArray b = Npy.read(m, tmp.resolve("unet_tiny.onnx.npy"));
            assertTrue(a.sub(b).abs().max().getFloat() <= 1e-4f);
        }
    }

    /** ksi models' --batch is the health check's batch (it was a fixed 4 beside an option that did nothing). */
    @Test
    void modelsChecksHealthOnTheBatchItIsGiven() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream old = System.out;
        System.setOut(new PrintStream(out, true, java.nio.charset.StandardCharsets.UTF_8));
        try {
            assertEquals(
                    0,
                    Ksi.run(
                            "models",
                            "--manifest",
                            Fixtures.file("healthy.json").toString(),
                            "--batch",
                            "3"));
        } finally {
            System.setOut(old);
        }
        assertTrue(out.toString().contains("health (batch of 3 at t=0.1, 0.5, 0.9)"), out.toString());
    }

    @Test
    void errorsComeBackAsMessagesAndExitCodes() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream old = System.err;
        System.setErr(new PrintStream(err, true));
        try {
            int code = Ksi.run(
                    "velocity",
                    "--model",
                    tmp.resolve("missing.pt").toString(),
                    "--input",
                    "x.npy",
                    "--t",
                    "0.5",
                    "--out",
                    "v.npy");
            assertEquals(1, code);
        } finally {
            System.setErr(old);
        }
        assertTrue(err.toString().contains("missing.pt: model file not found"), err.toString());
    }

    @Test
    void trainCohortRecordsItsOptimizerAndRefusesAnUnknownOne() throws IOException {
        String template = Path.of("../models/templates/train/unet_cohort.pt").toString();
        Path out = tmp.resolve("cohort");
        assertEquals(
                0,
                Ksi.run(
                        "train-cohort",
                        "--template",
                        template,
                        "--name",
                        "tiny",
                        "--models",
                        "1",
                        "--steps",
                        "3",
                        "--batch",
                        "8",
                        "--images",
                        "64",
                        "--optimizer",
                        "sgd",
                        "--lr",
                        "0.05",
                        "--out",
                        out.toString()));
        JsonObject entry = JsonParser.parseString(Files.readString(out.resolve("manifest.json")))
                .getAsJsonObject()
                .getAsJsonArray("models")
                .get(0)
                .getAsJsonObject();
        assertEquals("tiny-00", entry.get("name").getAsString());
        assertEquals("sgd", entry.getAsJsonObject("tags").get("optimizer").getAsString());
        assertTrue(Files.size(out.resolve("tiny-00.pt")) > 100_000);
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream old = System.err;
        System.setErr(new PrintStream(err, true));
        try {
            assertEquals(
                    1,
                    Ksi.run(
                            "train-cohort",
                            "--template",
                            template,
                            "--name",
                            "bad",
                            "--models",
                            "1",
                            "--steps",
                            "3",
                            "--images",
                            "64",
                            "--optimizer",
                            "rmsprop",
                            "--out",
                            out.toString()));
        } finally {
            System.setErr(old);
        }
        assertTrue(err.toString().contains("unknown optimizer 'rmsprop'; expected adam or sgd"), err.toString());
    }

    @Test
    void fitThenSampleRecoversTheGaussianTarget() throws IOException {
        Path ens = tmp.resolve("ens/gauss.json");
        String models = fixture("gauss_plus.pt") + "," + fixture("gauss_minus.onnx");
        assertEquals(
                0,
                Ksi.run(
                        "fit",
                        "-q",
                        "--models",
                        models,
                        "--data",
                        fixture("gauss_target.npy"),
                        "--pairs",
                        "3000",
                        "--heldout",
                        "400",
                        "--steps",
                        "50",
                        "--out",
                        ens.toString()));
        assertTrue(Files.size(Path.of(ens.toString().replace(".json", ".eta.png"))) > 1000);
        assertTrue(Files.size(Path.of(ens.toString().replace(".json", ".diagnostics.png"))) > 1000);
        JsonObject json = JsonParser.parseString(Files.readString(ens)).getAsJsonObject();
        assertEquals(
                "../",
                json.getAsJsonArray("fields")
                        .get(0)
                        .getAsJsonObject()
                        .getAsJsonObject("model")
                        .get("file")
                        .getAsString()
                        .substring(0, 3));
        for (var row : json.getAsJsonArray("eta")) {
            // the pair v+e, v-e: weights near (1/2, 1/2), the exact field in between (3000 pairs: a few percent)
            assertEquals(0.5, row.getAsJsonArray().get(0).getAsDouble(), 0.05);
            assertEquals(0.5, row.getAsJsonArray().get(1).getAsDouble(), 0.05);
        }
        Path samples = tmp.resolve("s.npy");
        int n = 6000;
        assertEquals(
                0,
                Ksi.run(
                        "sample",
                        "-q",
                        "--ensemble",
                        ens.toString(),
                        "-n",
                        String.valueOf(n),
                        "--steps",
                        "400",
                        "--seed",
                        "3",
                        "--out",
                        samples.toString(),
                        "--png",
                        tmp.resolve("s.png").toString()));
        JsonObject target = JsonParser.parseString(Files.readString(Fixtures.file("gauss_target.json")))
                .getAsJsonObject();
        double[] mean = new com.google.gson.Gson().fromJson(target.get("mean"), double[].class);
        double[][] cov = new com.google.gson.Gson().fromJson(target.get("cov"), double[][].class);
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            float[] x = Npy.read(m, samples).toFloatArray();
            int d = mean.length;
            double inv = 1.0 / n + 1.0 / 3000;
            for (int i = 0; i < d; i++) {
                double mu = 0;
                double var = 0;
                for (int k = 0; k < n; k++) {
                    mu += x[k * d + i] / n;
                }
                for (int k = 0; k < n; k++) {
                    var += (x[k * d + i] - mu) * (x[k * d + i] - mu) / (n - 1);
                }
                // 5 standard errors of the sample moments (n samples, 3000 fitting pairs)
                assertEquals(mean[i], mu, 5 * Math.sqrt(cov[i][i] * inv), "mean " + i);
                assertEquals(cov[i][i], var, 5 * cov[i][i] * Math.sqrt(2 * inv), "variance " + i);
            }
        }
    }

    /**
     * ksi fit --active screens both models on 64 pairs (+16 held out, the same share), then evaluates the one kept per
     * time on all 512 (+128): the model calls it reports are those counts; the file takes no other rule.
     */
    @Test
    void aScreenedFitReportsItsModelCallsAndRefusesAnotherRule() throws IOException {
        Path ens = tmp.resolve("screened.json");
        String models = fixture("gauss_plus.pt") + "," + fixture("gauss_minus.onnx");
        PrintStream out = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true));
        try {
            assertEquals(
                    0,
                    Ksi.run(
                            "fit",
                            "-q",
                            "--models",
                            models,
                            "--data",
                            fixture("gauss_target.npy"),
                            "--pairs",
                            "512",
                            "--steps",
                            "6",
                            "--active",
                            "1",
                            "--screen-pairs",
                            "64",
                            "--out",
                            ens.toString()));
        } finally {
            System.setOut(out);
        }
        String printed = captured.toString();
        // screen 2 x (64 + 16) x 7 = 1,120; active 1 x (512 + 128) x 7 = 4,480; dense 2 x 640 x 7 = 8,960
        assertTrue(
                printed.contains("sparse fit (top:1): screened all 2 on 64 + 16 pairs at 7 of 7 times, then the"
                        + " active ones on the full pairs; model calls 1,120 + 4,480 = 5,600 (a dense fit: 8,960,"
                        + " 1.6x)"),
                printed);
        assertEquals(
                1,
                Ksi.run(
                        "solve",
                        "--ensemble",
                        ens.toString(),
                        "--rule",
                        "uniform",
                        "--out",
                        tmp.resolve("u.json").toString()));
    }

    /** ksi solve re-solves without model calls; ksi sample of a sparse file calls one model per step and says so. */
    @Test
    void solveWritesASparseEnsembleThatSampleCallsOneModelPerStep() throws IOException {
        Path ens = tmp.resolve("e.json");
        String models = fixture("gauss_plus.pt") + "," + fixture("gauss_minus.onnx");
        assertEquals(
                0,
                Ksi.run(
                        "fit",
                        "-q",
                        "--models",
                        models,
                        "--data",
                        fixture("gauss_target.npy"),
                        "--pairs",
                        "512",
                        "--steps",
                        "6",
                        "--out",
                        ens.toString()));
        Path top1 = tmp.resolve("top1.json");
        assertEquals(0, Ksi.run("solve", "--ensemble", ens.toString(), "--rule", "top:1", "--out", top1.toString()));
        JsonObject json = JsonParser.parseString(Files.readString(top1)).getAsJsonObject();
        assertEquals("top:1", json.getAsJsonObject("settings").get("rule").getAsString());
        assertEquals(7, json.getAsJsonArray("active").size());
        assertTrue(Files.exists(tmp.resolve("top1.eta.png")));
        PrintStream out = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true));
        try {
            assertEquals(
                    0,
                    Ksi.run(
                            "sample",
                            "-q",
                            "--ensemble",
                            top1.toString(),
                            "-n",
                            "40",
                            "--steps",
                            "15",
                            "--out",
                            tmp.resolve("s.npy").toString()));
            assertEquals(
                    0,
                    Ksi.run(
                            "sample",
                            "-q",
                            "--ensemble",
                            ens.toString(),
                            "-n",
                            "40",
                            "--steps",
                            "15",
                            "--out",
                            tmp.resolve("s.npy").toString()));
        } finally {
            System.setOut(out);
        }
        String printed = captured.toString();
        assertTrue(printed.contains("(15 model calls per sample)"), printed);
        assertTrue(printed.contains("(30 model calls per sample)"), printed);
    }

    @Test
    void ridgeAutoPicksTheCandidateOfLeastHeldOutLoss() throws IOException {
        Path ens = tmp.resolve("auto.json");
        String models = fixture("gauss_plus.pt") + "," + fixture("gauss_minus.pt") + "," + fixture("gauss_exact.pt");
        assertEquals(
                0,
                Ksi.run(
                        "fit",
                        "-q",
                        "--models",
                        models,
                        "--data",
                        fixture("gauss_target.npy"),
                        "--pairs",
                        "800",
                        "--heldout",
                        "300",
                        "--steps",
                        "5",
                        "--ridge",
                        "auto",
                        "--out",
                        ens.toString()));
        JsonObject json = JsonParser.parseString(Files.readString(ens)).getAsJsonObject();
        double chosen = json.getAsJsonObject("settings").get("ridge").getAsDouble();
        assertTrue(java.util.Arrays.stream(io.ksi.ensemble.RidgeRule.GRID).anyMatch(r -> r == chosen));
        try (io.ksi.ensemble.KernelEnsemble e =
                io.ksi.ensemble.EnsembleFile.read(ens, io.ksi.bridge.LoadOptions.DEFAULT)) {
            for (double r : io.ksi.ensemble.RidgeRule.GRID) {
                assertTrue(
                        e.meanHeldOutLoss() <= e.withRidge(r).meanHeldOutLoss() + 1e-12,
                        "ridge " + r + " beats " + chosen);
            }
        }
        assertEquals(
                1,
                Ksi.run(
                        "fit",
                        "-q",
                        "--models",
                        models,
                        "--data",
                        fixture("gauss_target.npy"),
                        "--heldout",
                        "0",
                        "--ridge",
                        "auto",
                        "--out",
                        tmp.resolve("x.json").toString()));
    }

    @Test
    void sameSeedSameSamplesInAFreshJvm() throws Exception {
        Path ens = tmp.resolve("e.json");
        assertEquals(
                0,
                Ksi.run(
                        "fit",
                        "-q",
                        "--models",
                        fixture("gauss_plus.pt") + "," + fixture("gauss_minus.pt"),
                        "--data",
                        fixture("gauss_target.npy"),
                        "--pairs",
                        "500",
                        "--steps",
                        "10",
                        "--out",
                        ens.toString()));
        byte[] here = runSample(ens, tmp.resolve("a.npy"), false, 64);
        byte[] fresh = runSample(ens, tmp.resolve("b.npy"), true, 64);
        assertArrayEquals(here, fresh, "same seed, same settings: bit-identical in a fresh JVM");
        // each sample has its own noise stream, so the batch size changes only float rounding in the models
        runSample(ens, tmp.resolve("c.npy"), false, 7);
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            NDArray a = Npy.read(m, tmp.resolve("a.npy"));
            NDArray c = Npy.read(m, tmp.resolve("c.npy"));
            assertTrue(a.sub(c).abs().max().getFloat()
                    < 1e-4f * Math.max(1f, a.abs().max().getFloat()));
        }
    }

    private byte[] runSample(Path ens, Path out, boolean freshJvm, int batch) throws Exception {
        String[] args = {
            "sample",
            "-q",
            "--ensemble",
            ens.toString(),
            "-n",
            "100",
            "--seed",
            "5",
            "--batch",
            String.valueOf(batch),
            "--out",
            out.toString()
        };
        if (!freshJvm) {
            assertEquals(0, Ksi.run(args));
        } else {
            List<String> cmd = new ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Dai.djl.offline=true",
                    "-Dai.djl.pytorch.num_threads=" + System.getProperty("ai.djl.pytorch.num_threads", "1"),
                    "-cp",
                    System.getProperty("java.class.path"),
                    Ksi.class.getName()));
            cmd.addAll(List.of(args));
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String log = new String(p.getInputStream().readAllBytes());
            assertTrue(p.waitFor(120, TimeUnit.SECONDS));
            assertEquals(0, p.exitValue(), log);
        }
        return Files.readAllBytes(out);
    }
}
