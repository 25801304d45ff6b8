package io.ksi.app.demo;

import io.ksi.bridge.Manifest;
import io.ksi.bridge.ModelSpec;
import io.ksi.data.Dataset;
import io.ksi.data.RealImages;
import io.ksi.models.data.Domain;
import io.ksi.models.data.ProceduralImages;
import io.ksi.models.train.CohortTrainer;
import io.ksi.models.train.VelocityTrainer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * The real-data demo's committed models (models/mnist), all trained by ksi's Java trainer: two MNIST cohorts of 20 weak
 * U-Nets (50 and 100 steps), 10 weak models each on Fashion-MNIST and on the procedural letters and cursive script (the
 * stand-ins for EMNIST letters and Kuzushiji, which are not available here), and a longer-trained MNIST oracle.
 */
public final class MnistCohorts {
    /** One cohort: its name, training data, size, steps and seed (member i uses seed + i). */
    public record Cohort(String name, String domain, Supplier<Dataset> data, int members, int steps, long seed) {}

    /** Training images of each procedural stand-in domain. */
    static final int PROCEDURAL_IMAGES = 10_000;

    public static final Cohort MNIST_50 = new Cohort("mnist-50", "mnist", RealImages.MNIST_TRAIN::images, 20, 50, 1000);
    public static final Cohort MNIST_100 =
            new Cohort("mnist-100", "mnist", RealImages.MNIST_TRAIN::images, 20, 100, 2000);
    public static final Cohort FASHION =
            new Cohort("fashion", "fashion-mnist", RealImages.FASHION_MNIST::images, 10, 100, 3000);
    public static final Cohort LETTERS = procedural("letters", Domain.LETTERS, 4000);
    public static final Cohort CURSIVE = procedural("cursive", Domain.CURSIVE, 5000);
    public static final List<Cohort> COHORTS = List.of(MNIST_50, MNIST_100, FASHION, LETTERS, CURSIVE);
    /** The other-domain cohorts of the cross-domain study; its MNIST models are the first 10 of {@link #MNIST_100}. */
    public static final List<Cohort> OTHER_DOMAINS = List.of(FASHION, LETTERS, CURSIVE);

    public static final Cohort ORACLE = new Cohort("oracle", "mnist", RealImages.MNIST_TRAIN::images, 1, 4000, 9000);

    /**
     * One member of the cohort template with the 100-step cohort's whole compute (20 x 100 Adam steps at batch 128), on
     * all times: what a user who can train would do instead of combining (issue N).
     */
    public static final Cohort EQUAL_COMPUTE =
            new Cohort("equal-compute", "mnist", RealImages.MNIST_TRAIN::images, 1, 2000, 6000);

    static final double EQUAL_COMPUTE_LEARNING_RATE = 2e-3;

    /** Every weak member: the cohort template (8/16/32 channels), Adam, batch 128. */
    static final String MEMBER_TEMPLATE = "unet_cohort.pt";

    static final String ORACLE_TEMPLATE = "unet_oracle.pt";
    static final int BATCH = 128;
    static final double LEARNING_RATE = 6e-3;
    /** Member i trains on a time window of this width (TimeWindow#ofMember); 1 would be all of [0, 1]. */
    static final double WINDOW = 0.3;

    static final double ORACLE_LEARNING_RATE = 2e-3;

    private MnistCohorts() {}

    public static Path manifest(Path dir) {
        return dir.resolve("manifest.json");
    }

    public static Path oracleManifest(Path dir) {
        return dir.resolve("oracle/manifest.json");
    }

    /** The equal-compute model's manifest: a folder of its own, so the cohorts' union stays what it was. */
    public static Path equalComputeManifest(Path dir) {
        return dir.resolve("equal-compute/manifest.json");
    }

    static CohortTrainer.Recipe recipe(Cohort c) {
        return new CohortTrainer.Recipe(
                c.members(), VelocityTrainer.Method.ADAM, c.steps(), BATCH, LEARNING_RATE, c.seed(), WINDOW, 0);
    }

    /**
     * Remakes every model (about 45 minutes on 2 cores at one thread), replacing the folder only once all are written.
     */
    public static void retrain(Path dir, Path templates, Consumer<String> log) {
        Path staging = dir.resolveSibling(dir.getFileName() + ".retrain");
        deleteRecursively(staging);
        List<ModelSpec> all = new ArrayList<>();
        for (Cohort c : COHORTS) {
            log.accept(
                    String.format(Locale.ROOT, "training %s: %d members x %d steps", c.name(), c.members(), c.steps()));
            all.addAll(CohortTrainer.train(
                    templates.resolve(MEMBER_TEMPLATE), c.data().get(), c.name(), c.domain(), recipe(c), staging, log));
        }
        Manifest.write(manifest(staging), "real-data demo cohorts trained by ksi (MnistCohorts)", all);
        log.accept("training the oracle: " + ORACLE.steps() + " steps");
        List<ModelSpec> oracle = CohortTrainer.train(
                templates.resolve(ORACLE_TEMPLATE),
                ORACLE.data().get(),
                ORACLE.name(),
                ORACLE.domain(),
                CohortTrainer.Recipe.adam(1, ORACLE.steps(), BATCH, ORACLE_LEARNING_RATE, ORACLE.seed()),
                staging.resolve("oracle"),
                log);
        Manifest.write(oracleManifest(staging), "real-data demo oracle trained by ksi (MnistCohorts)", oracle);
        log.accept("training the equal-compute model: " + EQUAL_COMPUTE.steps() + " steps");
        List<ModelSpec> equal = CohortTrainer.train(
                templates.resolve(MEMBER_TEMPLATE),
                EQUAL_COMPUTE.data().get(),
                EQUAL_COMPUTE.name(),
                EQUAL_COMPUTE.domain(),
                CohortTrainer.Recipe.adam(
                        1, EQUAL_COMPUTE.steps(), BATCH, EQUAL_COMPUTE_LEARNING_RATE, EQUAL_COMPUTE.seed()),
                staging.resolve("equal-compute"),
                log);
        Manifest.write(
                equalComputeManifest(staging),
                "the cohort template with the 100-step cohort's whole compute, trained by ksi (MnistCohorts)",
                equal);
        deleteRecursively(dir);
        try {
            Files.move(staging, dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot move the retrained models from " + staging + " to " + dir, e);
        }
    }

    private static Cohort procedural(String name, Domain domain, long seed) {
        return new Cohort(
                name,
                name + " (procedural)",
                () -> ProceduralImages.generate(
                        domain, PROCEDURAL_IMAGES, seed + ProceduralImages.TRAINING_SEED_OFFSET),
                10,
                100,
                seed);
    }

    static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot clear " + dir, e);
        }
    }
}
