package io.ksi.app.demo;

import io.ksi.bridge.Manifest;
import io.ksi.bridge.ModelSpec;
import io.ksi.models.data.Domain;
import io.ksi.models.data.ProceduralImages;
import io.ksi.models.train.CohortTrainer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The demo's committed models: weak cohorts (20 digit models after 50 steps, 20 after 100, 10 each on letters, garments
 * and cursive after 100) and a longer-trained digit oracle, all trained by ksi's Java trainer.
 */
public final class DemoModels {
    /** One cohort recipe: name, domain, members, steps, seed. */
    record Recipe(String name, Domain domain, int members, int steps, long seed) {}

    static final List<Recipe> COHORTS = List.of(
            new Recipe("digits-50", Domain.DIGITS, 20, 50, 1000),
            new Recipe("digits-100", Domain.DIGITS, 20, 100, 2000),
            new Recipe("letters", Domain.LETTERS, 10, 100, 3000),
            new Recipe("garments", Domain.GARMENTS, 10, 100, 4000),
            new Recipe("cursive", Domain.CURSIVE, 10, 100, 5000));
    static final Recipe ORACLE = new Recipe("oracle", Domain.DIGITS, 1, 2500, 9000);
    static final int TRAINING_IMAGES = 10_000;
    static final int ORACLE_IMAGES = 30_000;
    static final double LEARNING_RATE = 2e-3;
    static final int BATCH = 128;

    private DemoModels() {}

    public static Path manifest(Path dir) {
        return dir.resolve("manifest.json");
    }

    public static Path oracleManifest(Path dir) {
        return dir.resolve("oracle/manifest.json");
    }

    /** Remakes every model (about half an hour on 2 cores); the same recipes as models/demo-retrain.sh. */
    public static void retrain(Path dir, Path templates, Consumer<String> log) {
        MnistCohorts.deleteRecursively(dir);
        List<ModelSpec> all = new ArrayList<>();
        for (Recipe r : COHORTS) {
            all.addAll(CohortTrainer.train(
                    templates.resolve("unet_cohort.pt"),
                    ProceduralImages.generate(r.domain(), TRAINING_IMAGES, r.seed() + 7919),
                    r.name(),
                    r.domain().name().toLowerCase(),
                    CohortTrainer.Recipe.adam(r.members(), r.steps(), BATCH, LEARNING_RATE, r.seed()),
                    dir,
                    log));
            Manifest.write(manifest(dir), "cohorts trained by ksi train-cohort", all);
        }
        List<ModelSpec> oracle = CohortTrainer.train(
                templates.resolve("unet_oracle.pt"),
                ProceduralImages.generate(ORACLE.domain(), ORACLE_IMAGES, ORACLE.seed() + 7919),
                ORACLE.name(),
                "digits",
                CohortTrainer.Recipe.adam(1, ORACLE.steps(), BATCH, LEARNING_RATE, ORACLE.seed()),
                dir.resolve("oracle"),
                log);
        Manifest.write(oracleManifest(dir), "cohorts trained by ksi train-cohort", oracle);
    }
}
