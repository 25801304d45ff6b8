package io.ksi.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad input gets an error that names the file or model and says what was expected. */
class ErrorReportingTest {
    @TempDir
    Path tmp;

    @Test
    void missingFileNamesTheFile() {
        Path missing = tmp.resolve("nope.pt");
        ModelLoadException e = assertThrows(ModelLoadException.class, () -> ModelLoader.load(missing));
        assertTrue(e.getMessage().contains(missing.toString()) && e.getMessage().contains("not found"), e.getMessage());
    }

    @Test
    void corruptTorchScriptIsReportedAsSuch() throws IOException {
        Path bad = tmp.resolve("corrupt.pt");
        Files.write(bad, new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
        ModelLoadException e = assertThrows(ModelLoadException.class, () -> ModelLoader.load(bad));
        assertTrue(e.getMessage().contains("corrupt.pt") && e.getMessage().contains("TorchScript"), e.getMessage());
    }

    @Test
    void corruptOnnxIsReportedAsSuch() throws IOException {
        Path bad = tmp.resolve("corrupt.onnx");
        Files.writeString(bad, "not a protobuf at all");
        ModelLoadException e = assertThrows(ModelLoadException.class, () -> ModelLoader.load(bad));
        assertTrue(e.getMessage().contains("corrupt.onnx") && e.getMessage().contains("ONNX"), e.getMessage());
    }

    @Test
    void onnxBytesUnderATorchScriptNameFailCleanly() throws IOException {
        Path renamed = tmp.resolve("really_onnx.pt");
        Files.copy(Fixtures.file("gauss_exact.onnx"), renamed);
        ModelLoadException e = assertThrows(ModelLoadException.class, () -> ModelLoader.load(renamed));
        assertTrue(
                e.getMessage().contains("really_onnx.pt")
                        && e.getMessage().contains("the file holds an ONNX model, not TORCHSCRIPT: name it .onnx"),
                e.getMessage());
    }

    @Test
    void unknownExtensionIsRejected() throws IOException {
        Path h5 = tmp.resolve("weights.h5");
        Files.writeString(h5, "x");
        ModelLoadException e = assertThrows(ModelLoadException.class, () -> ModelLoader.load(h5));
        assertTrue(e.getMessage().contains("weights.h5") && e.getMessage().contains(".onnx"), e.getMessage());
    }

    @Test
    void wrongInputShapeNamesModelAndExpectedShape() {
        ModelSpec spec = Manifest.read(Fixtures.file("manifest.json")).get("unet_tiny-onnx");
        try (NDManager m = NDManager.newBaseManager("PyTorch");
                VelocityField declared = ModelLoader.load(spec, LoadOptions.DEFAULT);
                VelocityField undeclared = ModelLoader.load(Fixtures.file("unet_tiny.onnx"))) {
            NDArray x = m.zeros(new Shape(2, 28, 28));
            ModelEvaluationException e = assertThrows(ModelEvaluationException.class, () -> declared.evaluate(x, 0.5));
            assertTrue(
                    e.getMessage().contains("unet_tiny-onnx")
                            && e.getMessage().contains("[B, 1, 28, 28]")
                            && e.getMessage().contains("(2, 28, 28)"),
                    e.getMessage());
            // without a declared shape the engine's own complaint still comes back naming the model
            e = assertThrows(ModelEvaluationException.class, () -> undeclared.evaluate(x, 0.5));
            assertTrue(e.getMessage().contains("unet_tiny") && e.getMessage().contains("rank"), e.getMessage());
        }
    }

    @Test
    void declaredShapeIsCheckedForTorchScriptToo() {
        ModelSpec spec = Manifest.read(Fixtures.file("manifest.json")).get("unet_tiny");
        try (NDManager m = NDManager.newBaseManager("PyTorch");
                VelocityField f = ModelLoader.load(spec, LoadOptions.DEFAULT)) {
            NDArray x = m.zeros(new Shape(2, 1, 16, 16));
            ModelEvaluationException e = assertThrows(ModelEvaluationException.class, () -> f.evaluate(x, 0.5));
            assertTrue(e.getMessage().contains("expected x of shape [B, 1, 28, 28]"), e.getMessage());
        }
    }

    @Test
    void outputShapeDifferentFromInputIsAnError() {
        try (NDManager m = NDManager.newBaseManager("PyTorch");
                VelocityField f = ModelLoader.load(Fixtures.file("bad_shape.pt"))) {
            ModelEvaluationException e =
                    assertThrows(ModelEvaluationException.class, () -> f.evaluate(m.ones(new Shape(3, 1, 8, 8)), 0.5));
            assertTrue(
                    e.getMessage().contains("bad_shape") && e.getMessage().contains("output shape (3, 1, 8, 4)"),
                    e.getMessage());
        }
    }

    @Test
    void nanOutputNamesModelAndTime() {
        try (NDManager m = NDManager.newBaseManager("PyTorch");
                VelocityField f = ModelLoader.load(Fixtures.file("nan_below_half.pt"))) {
            NDArray x = m.ones(new Shape(3, 1, 8, 8));
            assertEquals(x.size(), f.evaluate(x, 0.75).size());
            ModelEvaluationException e = assertThrows(ModelEvaluationException.class, () -> f.evaluate(x, 0.25));
            assertTrue(
                    e.getMessage().contains("nan_below_half")
                            && e.getMessage().contains("t=0.25")
                            && e.getMessage().contains("192 NaN"),
                    e.getMessage());
        }
    }

    @Test
    void float64InputIsConvertedNotCrashed() {
        try (NDManager m = NDManager.newBaseManager("PyTorch");
                VelocityField pt = ModelLoader.load(Fixtures.file("gauss_exact.pt"));
                VelocityField onnx = ModelLoader.load(Fixtures.file("gauss_exact.onnx"))) {
            NDArray x64 = m.randomNormal(new Shape(5, 4)).toType(DataType.FLOAT64, false);
            NDArray x32 = x64.toType(DataType.FLOAT32, false);
            for (VelocityField f : new VelocityField[] {pt, onnx}) {
                NDArray v = f.evaluate(x64, 0.4);
                assertEquals(new Shape(5, 4), v.getShape());
                assertTrue(v.sub(f.evaluate(x32, 0.4)).abs().max().getFloat() == 0f, f.name());
            }
        }
    }

    @Test
    void wrongTimeShapeIsAnError() {
        try (NDManager m = NDManager.newBaseManager("PyTorch");
                VelocityField f = ModelLoader.load(Fixtures.file("gauss_exact.pt"))) {
            ModelEvaluationException e = assertThrows(
                    ModelEvaluationException.class,
                    () -> f.evaluate(m.zeros(new Shape(5, 4)), m.zeros(new Shape(5, 1))));
            assertTrue(e.getMessage().contains("t must have shape [B]"), e.getMessage());
        }
    }

    @Test
    void onnxInputNamesAreChecked() throws IOException {
        Path manifest = tmp.resolve("m.json");
        Files.copy(Fixtures.file("gauss_exact.onnx"), tmp.resolve("g.onnx"));
        Files.writeString(manifest, "{\"models\":[{\"file\":\"g.onnx\",\"inputNames\":[\"input\",\"time\"]}]}");
        ModelSpec spec = Manifest.read(manifest).models().get(0);
        ModelLoadException e =
                assertThrows(ModelLoadException.class, () -> ModelLoader.load(spec, LoadOptions.DEFAULT));
        assertTrue(e.getMessage().contains("[x, t]") && e.getMessage().contains("'input'"), e.getMessage());
    }
}
