package io.ksi.bridge;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** One loaded model serves several threads at once (a DJL predictor per thread) with the answers of one thread. */
class ConcurrentEvaluationTest {
    private static final Shape X = new Shape(8, 1, 28, 28);
    private static final int TIMES = 16;

    @Test
    void twoThreadsGetTheSequentialAnswers() throws Exception {
        float[] x = new float[(int) X.size()];
        SplittableRandom r = new SplittableRandom(5);
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) r.nextGaussian();
        }
        for (String file : new String[] {"unet_tiny.pt", "unet_tiny.onnx"}) {
            try (VelocityField f = ModelLoader.load(Fixtures.file(file))) {
                List<float[]> expected = new ArrayList<>();
                for (int k = 0; k < TIMES; k++) {
                    expected.add(evaluate(f, x, k));
                }
                ExecutorService pool = Executors.newFixedThreadPool(2);
                try {
                    List<Future<List<float[]>>> runs = new ArrayList<>();
                    for (int w = 0; w < 2; w++) {
                        boolean reverse = w == 1;
                        runs.add(pool.submit(() -> {
                            List<float[]> out = new ArrayList<>();
                            for (int j = 0; j < 3 * TIMES; j++) {
                                int k = reverse ? TIMES - 1 - j % TIMES : j % TIMES;
                                out.add(evaluate(f, x, k));
                            }
                            return out;
                        }));
                    }
                    for (int w = 0; w < 2; w++) {
                        List<float[]> got = runs.get(w).get();
                        for (int j = 0; j < got.size(); j++) {
                            int k = w == 1 ? TIMES - 1 - j % TIMES : j % TIMES;
                            assertArrayEquals(expected.get(k), got.get(j), file + ", thread " + w + ", call " + j);
                        }
                    }
                } finally {
                    pool.shutdownNow();
                }
            }
        }
    }

    private static float[] evaluate(VelocityField f, float[] x, int k) {
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            return f.evaluate(m.create(x, X), (k + 0.5) / TIMES).toFloatArray();
        }
    }
}
