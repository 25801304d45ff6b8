package io.ksi.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * 20 models (TorchScript and ONNX) in a 300-step loop: managed arrays and RSS stay flat. ONNX Runtime's Java tensors
 * hand their native buffers back when the JVM collects them, so RSS is read after a GC: what is measured is memory that
 * can never come back, not the collector's timing.
 */
class NativeMemoryTest {
    @Test
    void twentyModelsThreeHundredStepsStayFlat() {
        List<VelocityField> fields = new ArrayList<>();
        try (NDManager base = NDManager.newBaseManager("PyTorch")) {
            for (int i = 0; i < 20; i++) {
                fields.add(ModelLoader.load(Fixtures.file(i % 2 == 0 ? "unet_tiny.pt" : "unet_tiny.onnx")));
            }
            NDArray x = base.randomNormal(new Shape(16, 1, 28, 28));
            int arraysAtStart = MemoryProbe.managedArrays(base);
            long rssAfterWarmup = 0;
            int steps = 300;
            for (int k = 0; k < steps; k++) {
                try (NDManager step = base.newSubManager()) {
                    x.tempAttach(step);
                    NDArray v = step.zeros(x.getShape());
                    for (VelocityField f : fields) {
                        v = v.add(f.evaluate(x, k / (double) steps).mul(0.05f));
                    }
                    NDArray next = x.add(v.mul(1e-3f));
                    next.attach(base);
                    x.close();
                    x = next;
                }
                if (k == 49) {
                    System.gc();
                    rssAfterWarmup = MemoryProbe.rssBytes();
                }
                assertEquals(arraysAtStart, MemoryProbe.managedArrays(base), "managed arrays at step " + k);
            }
            System.gc();
            long growth = MemoryProbe.rssBytes() - rssAfterWarmup;
            // a leaked output per call would be 250 steps x 20 models x 50 KB = 250 MB
            assertTrue(growth < 64L << 20, "RSS grew by " + (growth >> 20) + " MB over 250 steps");
            assertTrue(Float.isFinite(x.abs().max().getFloat()));
        } finally {
            fields.forEach(VelocityField::close);
        }
    }
}
