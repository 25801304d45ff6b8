package io.ksi.models.train;

import io.ksi.bridge.ModelSpec;
import io.ksi.models.data.Dataset;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** Trains a cohort: the same template from independent random initializations, each for the same number of steps. */
public final class CohortTrainer {
    private CohortTrainer() {}

    /**
     * @param cohort name prefix of the members: NAME-00, NAME-01, ...
     * @param domain tag recorded in the manifest
     * @param seed member i uses seed + i
     * @return manifest entries of the members, files under {@code dir}
     */
    public static List<ModelSpec> train(
            Path template,
            Dataset data,
            String cohort,
            String domain,
            int members,
            int steps,
            int batch,
            double learningRate,
            long seed,
            Path dir,
            Consumer<String> log) {
        return train(
                template,
                data,
                cohort,
                domain,
                members,
                VelocityTrainer.Method.ADAM,
                steps,
                batch,
                learningRate,
                seed,
                dir,
                log);
    }

    /** As above with the optimizer named; it is recorded in the manifest (tag "optimizer"). */
    public static List<ModelSpec> train(
            Path template,
            Dataset data,
            String cohort,
            String domain,
            int members,
            VelocityTrainer.Method optimizer,
            int steps,
            int batch,
            double learningRate,
            long seed,
            Path dir,
            Consumer<String> log) {
        List<ModelSpec> out = new ArrayList<>();
        for (int i = 0; i < members; i++) {
            String name = String.format("%s-%02d", cohort, i);
            long start = System.nanoTime();
            VelocityTrainer.Result r = VelocityTrainer.train(
                    template,
                    data,
                    new VelocityTrainer.Config(steps, batch, learningRate, seed + i, optimizer),
                    dir.resolve(name + ".pt"),
                    null);
            Map<String, Object> tags = new LinkedHashMap<>();
            tags.put("cohort", cohort);
            tags.put("domain", domain);
            tags.put("trainingSteps", steps);
            tags.put("batch", batch);
            tags.put("learningRate", learningRate);
            tags.put("optimizer", optimizer.name().toLowerCase(java.util.Locale.ROOT));
            tags.put("seed", seed + i);
            tags.put("finalLoss", Math.round(r.finalLoss() * 1e4) / 1e4);
            out.add(new ModelSpec(
                    name, r.file(), null, data.sampleShape(), null, null, 1.0, "linear", null, tags, null));
            log.accept(String.format(
                    "%s: %d steps, loss %.3f -> %.3f, %.1f s",
                    name, steps, r.firstLoss(), r.finalLoss(), (System.nanoTime() - start) / 1e9));
        }
        return out;
    }
}
