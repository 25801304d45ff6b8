package io.ksi.app.demo;

import io.ksi.bridge.Manifest;
import io.ksi.bridge.ModelSpec;
import io.ksi.data.RealImages;
import io.ksi.models.train.CohortTrainer;
import io.ksi.models.train.VelocityTrainer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * The colour study's committed models (models/emoji), trained by ksi's Java trainer: 25 weak U-Nets on Noto Emoji, 20
 * epochs each (2,048 Adam steps at batch 32 over 3,275 images, all times, independent seeds, their last weights), 10 on
 * Twemoji with the paper's CelebA protocol (5 epochs: 128 steps at batch 128), and a Noto oracle of the same template
 * trained 6,000 steps at batch 128 (about 235 epochs) that keeps the moving average of its weights (decay 0.999, warmed
 * up): the average removes the colour cast the last weights carry and, over the longer run, lets the oracle draw heads
 * and faces. The Noto members are longer than the paper's five epochs because five epochs of 3,275 emoji are 128 steps,
 * after which members draw blots with nothing for the fit to combine; at 20 epochs (still a twelfth of the oracle's)
 * the ensemble of 25 draws what the oracle draws (docs/demo-color.md, where the paper's protocol is measured beside
 * it). Averaged members were measured and drew worse.
 */
public final class EmojiCohorts {
    /**
     * One cohort: its name, training images, size, Adam steps per member and their batch, seed (member i uses seed + i)
     * and the decay of the weight average each member keeps.
     */
    public record Cohort(String name, RealImages data, int members, int steps, int batch, long seed, double ema) {}

    /** Five epochs of the 3,275 training emoji at batch 128: the paper's protocol. */
    static final int FIVE_EPOCHS = 128;

    /** Twenty epochs at batch 32. */
    static final int TWENTY_EPOCHS_AT_32 = 2048;

    public static final Cohort NOTO = new Cohort("noto", RealImages.NOTO_TRAIN, 25, TWENTY_EPOCHS_AT_32, 32, 10_000, 0);
    public static final Cohort TWEMOJI =
            new Cohort("twemoji", RealImages.TWEMOJI_TRAIN, 10, FIVE_EPOCHS, 128, 11_000, 0);
    public static final Cohort ORACLE = new Cohort("oracle", RealImages.NOTO_TRAIN, 1, 6000, 128, 19_000, 0.999);

    /** 16/32/64 channels, 3 x 32 x 32 (models/templates/train/manifest.json). */
    static final String TEMPLATE = "unet_color_cohort.pt";

    static final double LEARNING_RATE = 2e-3;

    private EmojiCohorts() {}

    public static Path manifest(Path dir) {
        return dir.resolve("manifest.json");
    }

    public static Path oracleManifest(Path dir) {
        return dir.resolve("oracle/manifest.json");
    }

    /** Remakes every model (about 115 minutes on 2 cores), replacing the folder only once all are written. */
    public static void retrain(Path dir, Path templates, Consumer<String> log) {
        Path staging = dir.resolveSibling(dir.getFileName() + ".retrain");
        MnistCohorts.deleteRecursively(staging);
        List<ModelSpec> all = new ArrayList<>();
        for (Cohort c : List.of(NOTO, TWEMOJI)) {
            log.accept(String.format(
                    Locale.ROOT,
                    "training %s: %d members x %d steps at batch %d",
                    c.name(),
                    c.members(),
                    c.steps(),
                    c.batch()));
            all.addAll(train(c, templates, staging, log));
        }
        Manifest.write(manifest(staging), "colour study cohorts trained by ksi (EmojiCohorts)", all);
        log.accept("training the oracle: " + ORACLE.steps() + " steps");
        Manifest.write(
                oracleManifest(staging),
                "colour study oracle trained by ksi (EmojiCohorts)",
                train(ORACLE, templates, staging.resolve("oracle"), log));
        MnistCohorts.deleteRecursively(dir);
        try {
            Files.move(staging, dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot move the retrained models from " + staging + " to " + dir, e);
        }
    }

    private static List<ModelSpec> train(Cohort c, Path templates, Path dir, Consumer<String> log) {
        return CohortTrainer.train(
                templates.resolve(TEMPLATE),
                c.data().images(),
                c.name(),
                c.data().imagesFile().getFileName().toString(),
                new CohortTrainer.Recipe(
                        c.members(),
                        VelocityTrainer.Method.ADAM,
                        c.steps(),
                        c.batch(),
                        LEARNING_RATE,
                        c.seed(),
                        1,
                        c.ema()),
                dir,
                log);
    }
}
