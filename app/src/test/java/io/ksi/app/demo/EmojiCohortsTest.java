package io.ksi.app.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.ksi.bridge.Manifest;
import io.ksi.bridge.ModelSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The committed colour models are what `ksi demo color --retrain` would make: their tags match EmojiCohorts. */
class EmojiCohortsTest {
    @Test
    void theCommittedModelsRecordTheRecipeThatRemakesThem() {
        Path dir = MnistDemoTest.root().resolve("models/emoji");
        List<ModelSpec> all =
                new ArrayList<>(Manifest.read(EmojiCohorts.manifest(dir)).models());
        all.addAll(Manifest.read(EmojiCohorts.oracleManifest(dir)).models());
        for (EmojiCohorts.Cohort c : List.of(EmojiCohorts.NOTO, EmojiCohorts.TWEMOJI, EmojiCohorts.ORACLE)) {
            List<ModelSpec> members = all.stream()
                    .filter(m -> c.name().equals(m.tags().get("cohort")))
                    .toList();
            assertEquals(c.members(), members.size(), c.name());
            for (int i = 0; i < members.size(); i++) {
                ModelSpec m = members.get(i);
                assertEquals(String.format("%s-%02d", c.name(), i), m.name());
                assertEquals(c.steps(), number(m, "trainingSteps"), m.name());
                assertEquals(c.seed() + i, number(m, "seed"), m.name());
                assertEquals(c.ema(), m.tags().containsKey("ema") ? number(m, "ema") : 0.0, m.name());
                assertEquals(EmojiCohorts.LEARNING_RATE, number(m, "learningRate"), m.name());
                assertEquals(c.batch(), number(m, "batch"), m.name());
            }
        }
    }

    private static double number(ModelSpec m, String tag) {
        return ((Number) m.tags().get(tag)).doubleValue();
    }
}
