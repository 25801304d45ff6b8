package io.ksi.models.oracle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import com.google.gson.Gson;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.ksi.bridge.Fixtures;
import io.ksi.bridge.Npy;
import java.nio.file.Files;
import java.util.Arrays;
import org.ejml.simple.SimpleMatrix;
import org.junit.jupiter.api.Test;

/**
 * The exact velocity of N(m, S) (fixture gauss_exact.pt, d = 4): the ODE log-likelihood must equal the Gaussian
 * log-density, and the Hutchinson estimate must agree with the exact divergence within its Monte-Carlo error.
 */
class OracleLikelihoodTest {
    @Test
    void odeLikelihoodOfTheExactFieldIsTheGaussianDensity() throws Exception {
        JsonObject target = JsonParser.parseString(Files.readString(Fixtures.file("gauss_target.json")))
                .getAsJsonObject();
        double[] mean = new Gson().fromJson(target.get("mean"), double[].class);
        double[][] cov = new Gson().fromJson(target.get("cov"), double[][].class);
        SimpleMatrix sInv = new SimpleMatrix(cov).invert();
        double logDet = Math.log(new SimpleMatrix(cov).determinant());
        int d = mean.length;
        try (NDManager m = NDManager.newBaseManager("PyTorch");
                OracleLikelihood oracle = new OracleLikelihood(Fixtures.file("gauss_exact.pt"))) {
            NDArray x = Npy.read(m, Fixtures.file("gauss_target.npy")).get("0:40");
            float[] xv = x.toFloatArray();
            OracleLikelihood.Result exact = oracle.evaluate(x, 200, 0, 1);
            for (int i = 0; i < 40; i++) {
                SimpleMatrix z = new SimpleMatrix(d, 1);
                for (int j = 0; j < d; j++) {
                    z.set(j, 0, xv[i * d + j] - mean[j]);
                }
                double logp = -0.5 * d * Math.log(2 * Math.PI)
                        - 0.5 * logDet
                        - 0.5 * z.transpose().mult(sInv).mult(z).get(0, 0);
                // Heun with 200 steps: the discretization error is far below 1e-3 nats for this smooth field
                assertEquals(logp, exact.perSample()[i], 2e-3, "sample " + i);
            }
            OracleLikelihood.Result hutch = oracle.evaluate(x, 200, 16, 7);
            double[] diff = new double[40];
            for (int i = 0; i < 40; i++) {
                diff[i] = hutch.perSample()[i] - exact.perSample()[i];
            }
            double mu = Arrays.stream(diff).average().orElseThrow();
            double sd =
                    Math.sqrt(Arrays.stream(diff).map(v -> (v - mu) * (v - mu)).sum() / 39);
            assertTrue(sd > 0, "Hutchinson probes must add noise");
            assertTrue(Math.abs(mu) < 5 * sd / Math.sqrt(40), "Hutchinson bias " + mu + " vs se " + sd / Math.sqrt(40));
            assertEquals(exact.meanLogLikelihood() / (d * Math.log(2)), exact.bitsPerDim(), 1e-12);
            // from t = 0.9: log p_0.9 of x_0.9 = 0.1 z + 0.9 x, with p_t = N(t m, (1-t)^2 I + t^2 S); the test redraws
            // z
            double t = 0.9;
            OracleLikelihood.Result smooth = oracle.evaluate(x, 200, 0, 3, t);
            java.util.SplittableRandom r = new java.util.SplittableRandom(3);
            float[] z = new float[xv.length];
            for (int i = 0; i < z.length; i++) {
                z[i] = (float) r.nextGaussian();
            }
            SimpleMatrix ct =
                    SimpleMatrix.identity(d).scale((1 - t) * (1 - t)).plus(new SimpleMatrix(cov).scale(t * t));
            SimpleMatrix ctInv = ct.invert();
            double ctLogDet = Math.log(ct.determinant());
            for (int i = 0; i < 40; i++) {
                SimpleMatrix u = new SimpleMatrix(d, 1);
                for (int j = 0; j < d; j++) {
                    float xt = xv[i * d + j] * (float) t + z[i * d + j] * (float) (1 - t);
                    u.set(j, 0, xt - t * mean[j]);
                }
                double logp = -0.5 * d * Math.log(2 * Math.PI)
                        - 0.5 * ctLogDet
                        - 0.5 * u.transpose().mult(ctInv).mult(u).get(0, 0);
                assertEquals(logp, smooth.perSample()[i], 2e-3, "smoothed sample " + i);
            }
        }
    }
}
