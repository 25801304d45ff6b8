package io.ksi.app.cli;

import io.ksi.bridge.Manifest;
import io.ksi.bridge.ModelSpec;
import io.ksi.bridge.OneDnn;
import io.ksi.data.Dataset;
import io.ksi.models.data.Domain;
import io.ksi.models.data.ProceduralImages;
import io.ksi.models.train.CohortTrainer;
import io.ksi.models.train.VelocityTrainer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
        mixinStandardHelpOptions = true,
        name = "train-cohort",
        description = "Train a cohort of velocity models from a scripted template (Java, DJL) and write a manifest.")
final class TrainCohortCommand implements Callable<Integer> {
    @Option(
            names = "--template",
            defaultValue = "models/templates/train/unet_cohort.pt",
            description = "scripted U-Net template (default: ${DEFAULT-VALUE})")
    Path template;

    @Option(
            names = "--data",
            description =
                    "training data (.npy, MNIST-family IDX images such as data/real/mnist/train-images-idx3-ubyte.gz, "
                            + "or a PNG folder); default: a procedural --domain")
    Path data;

    @Option(
            names = "--domain",
            defaultValue = "digits",
            description =
                    "procedural domain when no --data: digits, letters, garments, cursive (default: ${DEFAULT-VALUE})")
    String domain;

    @Option(
            names = "--images",
            defaultValue = "10000",
            description = "procedural training images (default: ${DEFAULT-VALUE})")
    int images;

    @Option(names = "--name", required = true, description = "cohort name; members are NAME-00, NAME-01, ...")
    String name;

    @Option(names = "--models", defaultValue = "20", description = "members (default: ${DEFAULT-VALUE})")
    int members;

    @Option(
            names = "--steps",
            defaultValue = "100",
            description = "optimizer steps per member (default: ${DEFAULT-VALUE})")
    int steps;

    @Option(names = "--batch", defaultValue = "128", description = "batch size (default: ${DEFAULT-VALUE})")
    int batch;

    @Option(names = "--lr", defaultValue = "2e-3", description = "learning rate (default: ${DEFAULT-VALUE})")
    double lr;

    @Option(
            names = "--optimizer",
            defaultValue = "adam",
            description = "adam, or sgd (momentum 0.9) (default: ${DEFAULT-VALUE})")
    String optimizer;

    @Option(
            names = "--window",
            defaultValue = "1",
            description = "width of each member's training-time window; below 1, member i trains on a window"
                    + " centred on the i-th van der Corput point (1/2, 1/4, 3/4, ...) (default: ${DEFAULT-VALUE})")
    double window;

    @Option(
            names = "--ema",
            defaultValue = "0",
            description = "0: keep each member's last weights; in (0, 1): keep their moving average with this decay"
                    + " (0.999 is common for long runs) (default: ${DEFAULT-VALUE})")
    double ema;

    @Option(
            names = "--seed",
            defaultValue = "0",
            description = "member i is initialized and trained with seed + i (default: ${DEFAULT-VALUE})")
    long seed;

    @Mixin
    ThreadsOption threads;

    @Option(
            names = "--out",
            required = true,
            description = "folder for the members; its manifest.json gains their entries")
    Path out;

    @Override
    public Integer call() {
        OneDnn.capForTraining(); // before any model runs: oneDNN's fast AVX2 kernels, not its AVX-512 ones (OneDnn)
        threads.apply();
        Dataset d = data != null
                ? Dataset.load(data)
                : ProceduralImages.generate(
                        Domain.valueOf(domain.toUpperCase(Locale.ROOT)),
                        images,
                        seed + ProceduralImages.TRAINING_SEED_OFFSET);
        List<ModelSpec> specs = CohortTrainer.train(
                template,
                d,
                name,
                data != null ? data.toString() : domain,
                new CohortTrainer.Recipe(
                        members, VelocityTrainer.Method.parse(optimizer), steps, batch, lr, seed, window, ema),
                out,
                System.out::println);
        addToManifest(out.resolve("manifest.json"), specs, "cohorts trained by ksi train-cohort");
        System.out.println("wrote " + specs.size() + " models and " + out.resolve("manifest.json"));
        return 0;
    }

    /** Appends entries to a manifest, replacing entries of the same name. */
    static void addToManifest(Path manifest, List<ModelSpec> specs, String description) {
        List<ModelSpec> all = new ArrayList<>();
        if (Files.exists(manifest)) {
            for (ModelSpec s : Manifest.read(manifest).models()) {
                if (specs.stream().noneMatch(n -> n.name().equals(s.name()))) {
                    all.add(s);
                }
            }
        }
        all.addAll(specs);
        Manifest.write(manifest, description, all);
    }
}
