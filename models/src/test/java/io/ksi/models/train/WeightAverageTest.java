package io.ksi.models.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.util.Pair;
import io.ksi.bridge.DjlVelocityField;
import io.ksi.bridge.LoadOptions;
import io.ksi.bridge.ModelLoader;
import io.ksi.bridge.ModelSpec;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The weight average is the exact recursion a <- d a + (1 - d) w, written back into the block's own weights. */
class WeightAverageTest {
    @Test
    void theAverageFollowsItsRecursionAndInstallsIntoTheBlock() {
        try (DjlVelocityField f = ModelLoader.load(
                        ModelSpec.of(Paths.get("templates/train/unet_cohort.pt")),
                        LoadOptions.DEFAULT.withTrainable(true).withDevice("cpu"));
                NDManager m = NDManager.newBaseManager("PyTorch")) {
            PtSymbolBlock block = (PtSymbolBlock) f.djlModel().getBlock();
            VelocityTrainer.reinitialize(block, new SplittableRandom(1));
            List<float[]> w0 = weights(block);
            WeightAverage average = new WeightAverage(block, m);
            VelocityTrainer.reinitialize(block, new SplittableRandom(2));
            List<float[]> w1 = weights(block);
            average.update(0.9);
            VelocityTrainer.reinitialize(block, new SplittableRandom(3));
            List<float[]> w2 = weights(block);
            average.update(0.5);
            average.install();
            List<float[]> got = weights(block);
            for (int i = 0; i < got.size(); i++) {
                for (int j = 0; j < got.get(i).length; j++) {
                    double expected = 0.5 * (0.9 * w0.get(i)[j] + 0.1 * w1.get(i)[j]) + 0.5 * w2.get(i)[j];
                    // float32 arithmetic on weights of size <= 1: a few ulps
                    assertEquals(expected, got.get(i)[j], 1e-6, "parameter " + i + ", element " + j);
                }
            }
        }
    }

    private static List<float[]> weights(PtSymbolBlock block) {
        List<float[]> out = new ArrayList<>();
        for (Pair<String, Parameter> p : block.getParameters()) {
            NDArray a = p.getValue().getArray();
            out.add(a.toFloatArray());
        }
        return out;
    }
}
