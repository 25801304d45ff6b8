package io.ksi.models.train;

import io.ksi.bridge.ModelSpec;
import io.ksi.data.Dataset;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/** Trains a cohort: the same template from independent random initializations, each for the same number of steps. */
public final class CohortTrainer {
    private CohortTrainer() {}

    /**
     * How every member of a cohort is trained.
     *
     * @param members cohort size
     * @param optimizer recorded in the manifest (tag "optimizer")
     * @param steps optimizer steps per member
     * @param batch samples per step
     * @param learningRate the optimizer's step size
     * @param seed member i uses seed + i
     * @param windowWidth 1: every member trains on all times; below 1: member i trains on
     *     {@link TimeWindow#ofMember(int, double)} (tags "timeFrom", "timeTo")
     * @param ema 0: each member keeps its last weights; in (0, 1): their moving average with this decay (tag "ema")
     */
    public record Recipe(
            int members,
            VelocityTrainer.Method optimizer,
            int steps,
            int batch,
            double learningRate,
            long seed,
            double windowWidth,
            double ema) {
        public Recipe {
            if (members <= 0) {
                throw new IllegalArgumentException("a cohort needs at least one member; got " + members);
            }
            TimeWindow.ofMember(0, windowWidth);
            new VelocityTrainer.Config(steps, batch, learningRate, seed, optimizer, TimeWindow.ALL, ema);
        }

        /** Adam on all times. */
        public static Recipe adam(int members, int steps, int batch, double learningRate, long seed) {
            return new Recipe(members, VelocityTrainer.Method.ADAM, steps, batch, learningRate, seed, 1, 0);
        }

        VelocityTrainer.Config member(int i) {
            return new VelocityTrainer.Config(
                    steps, batch, learningRate, seed + i, optimizer, TimeWindow.ofMember(i, windowWidth), ema);
        }
    }

    /**
     * @param cohort name prefix of the members: NAME-00, NAME-01, ...
     * @param domain tag recorded in the manifest
     * @return manifest entries of the members, files under {@code dir}
     */
    public static List<ModelSpec> train(
            Path template, Dataset data, String cohort, String domain, Recipe recipe, Path dir, Consumer<String> log) {
        List<ModelSpec> out = new ArrayList<>();
        for (int i = 0; i < recipe.members(); i++) {
            String name = String.format("%s-%02d", cohort, i);
            long start = System.nanoTime();
            VelocityTrainer.Config config = recipe.member(i);
            VelocityTrainer.Result r = VelocityTrainer.train(template, data, config, dir.resolve(name + ".pt"), null);
            if (i == 0) {
                log.accept("convolutions trained on " + r.kernels());
            }
            Map<String, Object> tags = new LinkedHashMap<>();
            tags.put("cohort", cohort);
            tags.put("domain", domain);
            tags.put("trainingSteps", recipe.steps());
            tags.put("batch", recipe.batch());
            tags.put("learningRate", recipe.learningRate());
            tags.put("optimizer", recipe.optimizer().name().toLowerCase(Locale.ROOT));
            tags.put("seed", config.seed());
            if (!config.times().isAll()) {
                tags.put("timeFrom", Math.round(config.times().from() * 1e6) / 1e6);
                tags.put("timeTo", Math.round(config.times().to() * 1e6) / 1e6);
            }
            if (config.ema() > 0) {
                tags.put("ema", config.ema());
            }
            tags.put("finalLoss", Math.round(r.finalLoss() * 1e4) / 1e4);
            out.add(new ModelSpec(
                    name, r.file(), null, data.sampleShape(), null, null, 1.0, "linear", null, tags, null));
            log.accept(String.format(
                    Locale.ROOT,
                    "%s: %d steps on t in [%.3f, %.3f], loss %.3f -> %.3f, %.1f s",
                    name,
                    recipe.steps(),
                    config.times().from(),
                    config.times().to(),
                    r.firstLoss(),
                    r.finalLoss(),
                    (System.nanoTime() - start) / 1e9));
        }
        return out;
    }
}
