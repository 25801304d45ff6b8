package io.ksi.app.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.ksi.app.demo.EmojiStudy.Outcome;
import io.ksi.app.demo.EmojiStudy.Scored;
import io.ksi.bridge.Npy;
import io.ksi.bridge.Progress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The colour study on the committed emoji models (models/emoji), at the --quick sizes, judged by the project's emoji
 * classifier; its files as the issue names them.
 */
@Tag("slow")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EmojiDemoTest {
    Outcome o;
    Path out;

    @BeforeAll
    void run() throws java.io.IOException {
        Path root = MnistDemoTest.root();
        out = Files.createTempDirectory("ksi-emoji-demo-test");
        o = new EmojiStudy(
                        root.resolve("models/emoji"),
                        root.resolve("models/judge/emoji_judge.pt"),
                        EmojiSettings.quick(0),
                        System.out::println,
                        Progress.NONE)
                .run();
        EmojiReport.write(o, out);
        System.out.print(EmojiReport.summary(o));
    }

    /**
     * What holds at every size measured so far (docs/demo-color.md): the fit's held-out drift loss falls with P, and
     * the judge puts real emoji far from every generated set. Not all of issue O's FID claims hold with these members,
     * and at these sizes fewer than at full size; report.md says so with the numbers rather than this test.
     */
    @Test
    void theFitImprovesWithPAndTheJudgeSeparatesRealEmojiFromSamples() {
        List<Scored> sweep = o.sweep();
        for (int k = 1; k < sweep.size(); k++) {
            assertTrue(
                    sweep.get(k).heldOutLoss() < sweep.get(k - 1).heldOutLoss(),
                    "held-out loss falls with P: " + sweep.get(k).name());
        }
        double real = o.get("noto-heldout").fid();
        for (Scored x : o.sets()) {
            if (x.set().kind() != EmojiStudy.Kind.DATA) {
                assertTrue(x.fid() > 3 * real, x.name() + ": FID " + x.fid() + " vs real emoji " + real);
            }
        }
    }

    /** The sets the claims compare are also judged by the oracle's likelihood, with an error bar, and reported. */
    @Test
    void theComparedSetsCarryTheOraclesLikelihood() throws java.io.IOException {
        String report = Files.readString(out.resolve("report.md"));
        for (String n :
                List.of("noto-P25", "noto-member-best", "noto-fit1-best", "noto-P1", "oracle", "noto-heldout")) {
            Scored x = o.get(n);
            assertTrue(Double.isFinite(x.bitsPerDim()), n + ": bits/dim " + x.bitsPerDim());
            assertTrue(x.bitsPerDimError() > 0 && x.bitsPerDimError() < 1, n + ": error " + x.bitsPerDimError());
        }
        assertTrue(report.contains("By the oracle's likelihood"), "report.md states the likelihood comparison");
        assertTrue(Double.isNaN(o.get("noto-member-00").bitsPerDim()), "members are not each scored by the oracle");
    }

    @Test
    void samplesAreWrittenAsTheIssueNamesThem() throws java.io.IOException {
        List<String> names = new ArrayList<>(List.of(
                "noto-fit1-best",
                "noto-P1",
                "noto-P5",
                "noto-P10",
                "noto-P25",
                "cross-all",
                "cross-noto",
                "oracle",
                "noto-heldout"));
        for (int i = 0; i < EmojiCohorts.NOTO.members(); i++) {
            names.add(String.format("noto-member-%02d", i));
        }
        try (NDManager nd = NDManager.newBaseManager("PyTorch")) {
            for (String n : names) {
                NDArray a = Npy.read(nd, out.resolve("samples/" + n + ".npy"));
                assertEquals(new Shape(o.settings().samples(), 3, 32, 32), a.getShape(), n);
                assertTrue(a.min().getFloat() >= 0 && a.max().getFloat() <= 1, n + ": pixels on [0, 1]");
            }
        }
        assertTrue(Files.readString(out.resolve("report.md")).startsWith("# Weak U-Nets on real emoji art"));
        assertTrue(Files.size(out.resolve("headline.png")) > 10_000);
        assertTrue(Files.exists(out.resolve("fid-vs-P.png")) && Files.exists(out.resolve("eta-noto-P25.png")));
    }
}
