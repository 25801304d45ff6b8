package io.ksi.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The same weights through TorchScript and ONNX Runtime agree with each other and with PyTorch's own outputs. */
class FixtureParityTest {
    @ParameterizedTest
    @ValueSource(strings = {"unet_tiny", "gauss_exact", "gauss_plus"})
    void torchscriptOnnxAndPytorchAgree(String name) {
        try (NDManager m = NDManager.newBaseManager("PyTorch");
                VelocityField pt = ModelLoader.load(Fixtures.file(name + ".pt"));
                VelocityField onnx = ModelLoader.load(Fixtures.file(name + ".onnx"))) {
            NDList ref = Npy.readAll(m, Fixtures.file(name + ".reference.npz"));
            NDArray x = ref.get("x");
            NDArray t = ref.get("t");
            NDArray v = ref.get("v");
            NDArray vPt = pt.evaluate(x, t);
            NDArray vOnnx = onnx.evaluate(x, t);
            assertEquals(x.getShape(), vPt.getShape());
            assertEquals(DataType.FLOAT32, vOnnx.getDataType());
            float scale = Math.max(1f, v.abs().max().getFloat());
            assertTrue(maxAbs(vPt, v) <= 1e-4 * scale, "TorchScript vs PyTorch: " + maxAbs(vPt, v));
            assertTrue(maxAbs(vOnnx, v) <= 1e-4 * scale, "ONNX vs PyTorch: " + maxAbs(vOnnx, v));
            assertTrue(maxAbs(vPt, vOnnx) <= 1e-4 * scale, "TorchScript vs ONNX: " + maxAbs(vPt, vOnnx));
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 5})
    void chunkedEvaluationEqualsOneBatch(int chunk) {
        try (NDManager m = NDManager.newBaseManager("PyTorch");
                VelocityField whole = ModelLoader.load(Fixtures.file("unet_tiny.pt"));
                VelocityField chunked = ModelLoader.load(
                        ModelSpec.of(Fixtures.file("unet_tiny.onnx")), LoadOptions.DEFAULT.withMaxBatch(chunk))) {
            NDList ref = Npy.readAll(m, Fixtures.file("unet_tiny.reference.npz"));
            NDArray x = ref.get("x");
            assertTrue(maxAbs(whole.evaluate(x, 0.25), chunked.evaluate(x, 0.25)) <= 1e-4);
        }
    }

    static float maxAbs(NDArray a, NDArray b) {
        return a.sub(b).abs().max().getFloat();
    }
}
