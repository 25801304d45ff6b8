package io.ksi.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.ksi.bridge.Fixtures;
import io.ksi.bridge.Npy;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bad input is caught at the edge and named: the option or file and what was expected, never a parser's text, a Gson
 * exception or a model failure. One row per case found when ksi was tried as a new user would.
 */
class BadInputTest {
    @TempDir
    static Path tmp;

    /** args with {X} for the tiny U-Net's input, {NAN} for one with a NaN, {T} for the temp folder. */
    record Case(String name, String args, String expected) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> cases() {
        String v = "velocity --model " + fixture("unet_tiny.pt") + " --input {X} --out {T}/v.npy --t ";
        String fit = "fit --models " + fixture("gauss_plus.pt") + " --data " + fixture("gauss_target.npy")
                + " --out {T}/e.json ";
        String sample = "sample --ensemble {T}/good.json --out {T}/s.npy ";
        return Stream.of(
                new Case("time above 1", v + "1.5", "--t must be a time in [0, 1] (0 = noise, 1 = data), got 1.5"),
                new Case("negative time", v + "-1", "--t must be a time in [0, 1] (0 = noise, 1 = data), got -1.0"),
                new Case("NaN time", v + "NaN", "--t must be a time in [0, 1] (0 = noise, 1 = data), got NaN"),
                new Case("infinite time", v + "Infinity", "got Infinity"),
                new Case(
                        "NaN in the input array",
                        "velocity --model " + fixture("unet_tiny.pt") + " --input {NAN} --out {T}/v.npy --t 0.5",
                        "nan.npy: 1 of 1568 values are not finite (NaN or infinite), the first NaN at index [1, 0, 3, "
                                + "4]"),
                new Case(
                        "NaN in the fit's data",
                        "fit --models " + fixture("gauss_plus.pt") + " --data {T}/nandata.npy --out {T}/e.json",
                        "nandata.npy: 1 of 400 values are not finite (NaN or infinite), the first NaN at index [7, 2]"),
                new Case("negative sampling steps", sample + "--steps -1", "--steps must be at least 1, or 0 for the"),
                new Case("no samples", sample + "-n 0", "-n must be at least 1, got 0"),
                new Case(
                        "data of another shape than a bare model's",
                        "fit --models " + fixture("gauss_plus.pt") + "," + fixture("gauss_minus.onnx")
                                + " --data {T}/seven.npy --out {T}/e.json",
                        "model 'gauss_plus' cannot take the samples of {T}/seven.npy, of shape (7) (TORCHSCRIPT"
                                + " forward failed for x (1, 7) float32: The size of tensor a (7) must match"),
                new Case(
                        "data that is no array file",
                        "fit --models " + fixture("gauss_plus.pt") + " --data {T}/text.npy --out {T}/e.json",
                        "{T}/text.npy: not a .npy or .npz array file (numpy.save / numpy.savez write them"),
                new Case(
                        "a model format ksi does not read",
                        "models --manifest {T}/safetensors.json",
                        "\"format\": unknown model format 'SAFETENSORS'; expected torchscript or onnx"),
                new Case(
                        "a scheduler config that is a model file",
                        "models --manifest {T}/binary-scheduler.json",
                        "ddpm_eps.pt: not a text file (a model file?); expected a diffusers scheduler_config.json"),
                new Case(
                        "a score-SDE prediction it cannot have, named as written",
                        "models --manifest {T}/ve-velocity.json",
                        "score-SDE models predict epsilon or score, got 'velocity'"),
                new Case(
                        "an unknown manifest key, with the allowed ones sorted",
                        "models --manifest {T}/unknown-key.json",
                        "unknown key 'foo'; allowed: [convention, file, format, inputNames, inputShape, name, output,"
                                + " outputScale, schedule, scheduler, tags, time]"),
                new Case(
                        "a NaN in a series for the scattering spectra",
                        "scattering --input {T}/nan-series.npy --out {T}/phi.npy",
                        "nan-series.npy: 1 of 2048 values are not finite (NaN or infinite), the first NaN at index"),
                new Case(
                        "a 1D wavelet for 2D scattering",
                        "scattering --input {T}/series.npy --dims 2 --wavelet morlet --out {T}/phi.npy",
                        "--wavelet is for --dims 1"),
                new Case(
                        "orientations for 1D scattering",
                        "scattering --input {T}/series.npy --L 8 --out {T}/phi.npy",
                        "--L (orientations) is for --dims 2, got --L 8 with --dims 1"),
                new Case(
                        "series read as 2D fields",
                        "scattering --input {T}/series.npy --dims 2 --out {T}/phi.npy",
                        "series.npy: --dims 2 reads shape (1, 3, 1024) as fields of 3 x 1024, too small for one scale"
                                + " (both sides must be at least 4); for time series use --dims 1"),
                new Case(
                        "a fields' reduction for a series",
                        "scattering --input {T}/series.npy --reduction iso --out {T}/phi.npy",
                        "reduction iso does not apply to series; expected one of full, invariant"),
                new Case(
                        "a fields' reduction for the series study, before any work",
                        "series --quick --reduction iso_iso --out {T}/s",
                        "reduction iso_iso does not apply to series; expected one of full, invariant"),
                new Case(
                        "no rows to scatter",
                        "scattering --input {T}/no-rows.npy --out {T}/phi.npy",
                        "no-rows.npy: holds no rows (shape (0, 64))"),
                new Case(
                        "a ksi schedule that does not exist, before any model loads",
                        "models --manifest {T}/cosine.json",
                        "model 'gauss_plus': \"schedule\": unknown schedule 'cosine'"),
                new Case(
                        "a GPU on a machine without one, in one line",
                        "velocity --model " + fixture("unet_tiny.pt") + " --input {X} --out {T}/v.npy --t 0.5"
                                + " --device gpu",
                        "device 'gpu' requested, but PyTorch sees no GPU on this machine (docs/gpu.md"),
                new Case(
                        "an ensemble that is a folder",
                        "sample --ensemble {T} --out {T}/s.npy",
                        "{T}: is a folder; expected an ensemble file (.json) written by ksi fit"),
                new Case("unparsable ridge", fit + "--ridge lots", "--ridge must be a number >= 0 or auto, got 'lots'"),
                new Case("unparsable sampler", sample + "--sampler em:abc", "em:D needs a constant diffusion D"),
                new Case("zero batch", fit + "--batch 0", "--batch must be at least 1, got 0"),
                new Case(
                        "an unknown combination rule",
                        "solve --ensemble {T}/good.json --rule avg --out {T}/r.json",
                        "unknown rule 'avg': expected kernel, uniform, route, best, sum-to-one, top:K or safe[:M]"),
                new Case(
                        "a rule that ranks members by held-out loss, on a fit without held-out pairs",
                        "solve --ensemble {T}/good.json --rule top:1 --out {T}/r.json",
                        "rule top:1 chooses members by held-out loss: the ensemble needs held-out systems (fit with"
                                + " --heldout > 0 and without --no-systems)"),
                new Case(
                        "a SuperDiff temperature that is no number",
                        sample + "--sampler superdiff:warm",
                        "superdiff:T needs a temperature T, a finite number > 0, got 'warm'"),
                new Case("zero pairs", fit + "--pairs 0", "--pairs must be at least 1, got 0"),
                new Case(
                        "a screened fit on Spark",
                        fit + "--active 1 --spark local[1]",
                        "--active runs on this machine: drop --spark, or fit densely on Spark"),
                new Case(
                        "a screened fit without held-out pairs",
                        fit + "--active 1 --heldout 0",
                        "--active chooses members by held-out loss: give --heldout > 0"),
                new Case(
                        "a screened fit that keeps every member",
                        fit + "--active 1 --pairs 64",
                        "--active K needs 1 <= K < P = 1 members, got 1"),
                new Case(
                        "a screen stride without a screened fit",
                        fit + "--screen-every 4",
                        "--screen-every belongs to a screened fit: add --active K"),
                new Case(
                        "a screen stride of zero",
                        fit + "--active 1 --screen-every 0",
                        "--screen-every must be at least 1, got 0"),
                new Case(
                        "a sampler for the study whose sampler is fixed",
                        "demo mnist --sampler heun",
                        "--sampler and --sample-steps apply to the color study only"),
                new Case(
                        "an unknown sampler for the colour study",
                        "demo color --sampler langevin --out {T}/c",
                        "unknown sampler 'langevin': expected optimal, ode (euler), heun"),
                new Case(
                        "a weight average that never forgets",
                        "train-cohort --name x --models 1 --steps 1 --images 8 --ema 1 --out {T}/ema",
                        "the weight average's decay must be in [0, 1) (0: no average); got 1.0"),
                new Case(
                        "a convention's schedule against the fit's",
                        "fit --models " + fixture("conventions/manifest.json") + "#vp_sde_eps --data "
                                + fixture("gauss_target.npy") + " --schedule trig --out {T}/e.json",
                        "returns velocities of the linear schedule but the fit uses trig"),
                new Case(
                        "manifest field of the wrong JSON type",
                        "models --manifest {T}/bad-manifest.json",
                        "models[0].inputShape must be an array of positive integers such as [1, 28, 28], got \"4\""),
                new Case(
                        "ONNX file named .pt",
                        "velocity --model {T}/really-onnx.pt --input {X} --out {T}/v.npy --t 0.5",
                        "the file holds an ONNX model, not TORCHSCRIPT: name it .onnx or set \"format\": \"onnx\""),
                new Case(
                        "wrong input shape for a bare TorchScript file",
                        "velocity --model " + fixture("unet_tiny.pt") + " --input {X3} --out {T}/v.npy --t 0.5",
                        "to have 1 channels, but got 3 channels instead"),
                new Case(
                        "output that is a folder",
                        "velocity --model " + fixture("unet_tiny.pt") + " --input {X} --t 0.5 --out {T}",
                        "it is a folder; expected a file path"),
                new Case(
                        "output under a file",
                        "velocity --model " + fixture("unet_tiny.pt")
                                + " --input {X} --t 0.5 --out {T}/good.json/v.npy",
                        "cannot write {T}/good.json/v.npy: {T}/good.json is a file, not a folder"),
                new Case(
                        "output in a folder that takes no files",
                        "velocity --model " + fixture("unet_tiny.pt") + " --input {X} --t 0.5 --out /proc/v.npy",
                        "cannot write /proc/v.npy: cannot create a file in /proc: "));
    }

    @BeforeAll
    static void inputs() throws IOException {
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            NDArray x = m.randomNormal(new Shape(2, 1, 28, 28));
            Npy.write(tmp.resolve("x.npy"), x);
            Npy.write(tmp.resolve("x3.npy"), m.randomNormal(new Shape(2, 3, 28, 28)));
            float[] v = x.toFloatArray();
            v[784 + 3 * 28 + 4] = Float.NaN;
            Npy.write(tmp.resolve("nan.npy"), m.create(v, x.getShape()));
            float[] g =
                    Npy.read(m, Fixtures.file("gauss_target.npy")).get("0:100").toFloatArray();
            g[7 * 4 + 2] = Float.NaN;
            Npy.write(tmp.resolve("nandata.npy"), m.create(g, new Shape(100, 4)));
        }
        Files.writeString(
                tmp.resolve("bad-manifest.json"),
                "{\"models\": [{\"file\": \"" + fixture("gauss_plus.pt") + "\", \"inputShape\": \"4\"}]}");
        Files.copy(Fixtures.file("gauss_plus.onnx"), tmp.resolve("really-onnx.pt"));
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            Npy.write(tmp.resolve("seven.npy"), m.randomNormal(new Shape(300, 7)));
        }
        Files.writeString(tmp.resolve("text.npy"), "hello");
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            NDArray series = m.randomNormal(new Shape(3, 1024));
            Npy.write(tmp.resolve("series.npy"), series);
            float[] v = m.randomNormal(new Shape(2, 1024)).toFloatArray();
            v[1500] = Float.NaN;
            Npy.write(tmp.resolve("nan-series.npy"), m.create(v, new Shape(2, 1024)));
            Npy.write(tmp.resolve("no-rows.npy"), m.zeros(new Shape(0, 64)));
        }
        String conv = Fixtures.file("conventions/ddpm_eps.pt").toString();
        String ve = Fixtures.file("conventions/ve_sde_score.pt").toString();
        Files.writeString(
                tmp.resolve("safetensors.json"),
                "{\"models\": [{\"file\": \"" + conv + "\", \"format\": \"SAFETENSORS\"}]}");
        Files.writeString(
                tmp.resolve("binary-scheduler.json"),
                "{\"models\": [{\"file\": \"" + conv + "\", \"inputShape\": [4], \"scheduler\": \"" + conv + "\"}]}");
        Files.writeString(
                tmp.resolve("ve-velocity.json"),
                "{\"models\": [{\"file\": \"" + ve + "\", \"inputShape\": [4], \"convention\": {\"kind\":"
                        + " \"ve-sde\", \"prediction\": \"velocity\"}}]}");
        Files.writeString(
                tmp.resolve("cosine.json"),
                "{\"models\": [{\"file\": \"" + fixture("gauss_plus.pt") + "\", \"schedule\": \"cosine\"}]}");
        Files.writeString(tmp.resolve("unknown-key.json"), "{\"models\": [{\"file\": \"" + ve + "\", \"foo\": 1}]}");
        assertEquals(
                0,
                Ksi.run(("fit -q --pairs 64 --heldout 0 --steps 4 --models " + fixture("gauss_plus.pt") + " --data "
                                + fixture("gauss_target.npy") + " --out " + tmp.resolve("good.json"))
                        .split(" ")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void badInputIsNamedBeforeAnyModelRuns(Case c) {
        String args = c.args()
                .replace("{X3}", tmp.resolve("x3.npy").toString())
                .replace("{X}", tmp.resolve("x.npy").toString())
                .replace("{NAN}", tmp.resolve("nan.npy").toString())
                .replace("{T}", tmp.toString());
        Result r = run(args.split(" "));
        // DJL's finalizer may log about models other cases left to the garbage collector: not this case's output
        r = new Result(
                r.code(),
                r.out(),
                r.err()
                        .lines()
                        .filter(l -> !l.startsWith("[Finalizer]"))
                        .collect(java.util.stream.Collectors.joining("\n")));
        String expected = c.expected().replace("{T}", tmp.toString());
        assertTrue(r.code() != 0, c + ": exit code " + r.code());
        assertTrue(r.err().contains(expected), c + ": expected '" + expected + "' in\n" + r.err());
        assertFalse(r.err().contains("Exception"), c + ": an exception's name reached the user:\n" + r.err());
        assertFalse(r.err().contains("For input string"), c + ": parser text reached the user:\n" + r.err());
        assertFalse(r.err().contains("Traceback"), c + ": a TorchScript traceback reached the user:\n" + r.err());
        assertFalse(r.err().contains("model 'unet_tiny' output has"), c + ": bad input blamed on the model");
        assertTrue(r.err().lines().count() <= 3, c + ": short messages, got\n" + r.err());
    }

    @Test
    void aFitOnAHandfulOfRowsSaysWhatItWillLearn() throws IOException {
        Path five = tmp.resolve("five.npy");
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            Npy.write(five, Npy.read(m, Fixtures.file("gauss_target.npy")).get("0:5"));
        }
        Result r = run(
                "fit",
                "-q",
                "--models",
                fixture("gauss_plus.pt"),
                "--data",
                five.toString(),
                "--pairs",
                "64",
                "--steps",
                "2",
                "--out",
                tmp.resolve("five.json").toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(
                r.err().contains("has 5 rows: the 64 pairs per time come from 4 of them and the held-out loss from 1"),
                r.err());
    }

    /** One pair per time and none held out: a warning for each, "-" where a loss does not exist, no NaN anywhere. */
    @Test
    void aFitOnOnePairWarnsAndWritesNoNaN() throws IOException {
        Path e = tmp.resolve("one-pair.json");
        Result r = run(
                "fit",
                "-q",
                "--models",
                fixture("gauss_plus.pt") + "," + fixture("gauss_minus.onnx"),
                "--data",
                fixture("gauss_target.npy"),
                "--pairs",
                "1",
                "--steps",
                "4",
                "--out",
                e.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains("no held-out pairs (a quarter of --pairs 1 rounds to 0)"), r.err());
        assertTrue(r.err().contains("1 pairs per time for P=2 fields"), r.err());
        assertFalse(r.out().contains("NaN"), r.out());
        assertTrue(r.out().contains("no held-out pairs (--heldout 0)"), r.out());
        String json = Files.readString(e);
        assertFalse(json.contains("NaN"), "NaN is no JSON");
        assertTrue(json.contains("\"heldOutLoss\":null"), json);
    }

    record Result(int code, String out, String err) {}

    static Result run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            int code = Ksi.run(args);
            return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    static String fixture(String name) {
        return Fixtures.file(name).toString();
    }

    static List<Path> listing(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().toList();
        }
    }
}
