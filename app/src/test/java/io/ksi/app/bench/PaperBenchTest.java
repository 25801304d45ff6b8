package io.ksi.app.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PaperBenchTest {
    @Test
    void aFractionScalesPairsTimesAndSamplesByItsSquareRoot() {
        assertEquals(new PaperBench.Scale(1000, 250, 100, 1000), PaperBench.Scale.of(1));
        PaperBench.Scale sixteenth = PaperBench.Scale.of(0.0625);
        assertEquals(new PaperBench.Scale(250, 62, 25, 250), sixteenth, "the issue's 1/16 run");
        assertEquals(20L * (250 + 62) * 26, sixteenth.fitEvaluations(20));
        assertEquals(20L * 250 * 25, sixteenth.sampleEvaluations(20));
        // the full run: 2.525 million fit and 2 million sampling evaluations (docs/benchmarks.md)
        assertEquals(2_525_000L, PaperBench.Scale.of(1).fitEvaluations(20));
        assertEquals(2_000_000L, PaperBench.Scale.of(1).sampleEvaluations(20));
    }

    @Test
    void aFractionOutsideZeroToOneIsRefused() {
        for (double f : new double[] {0, -0.5, 1.5, Double.NaN}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PaperBench.Scale.of(f));
            assertTrue(e.getMessage().contains("--fraction"), e.getMessage());
        }
    }

    /** A tiny run end to end: 20 generated members, ksi fit and ksi sample through the CLI, rates reported. */
    @Test
    @Tag("slow")
    void aTinyRunGeneratesMembersAndTimesTheCli(@TempDir Path dir) throws Exception {
        PaperBench.Result r = PaperBench.run(0.0005, 256, Path.of(".."), dir, List.of(), io.ksi.app.cli.Ksi::run);
        assertEquals(new PaperBench.Scale(22, 5, 2, 22), r.scale());
        assertTrue(Files.exists(dir.resolve("ensemble.json")) && Files.exists(dir.resolve("samples.npy")));
        assertTrue(r.fitRate() > 0 && r.sampleRate() > 0 && r.engineLimit() > 0 && r.matmulGflops() > 0);
        String screened = Files.readString(dir.resolve("ensemble-active4.json"));
        assertTrue(
                screened.contains("\"rule\":\"top:4\"") && screened.contains("\"screen\":"), "the sparse fit's file");
        assertTrue(Files.exists(dir.resolve("samples-active4.npy")) && Files.exists(dir.resolve("samples-top4.npy")));
        assertTrue(
                Files.readString(dir.resolve("ensemble-active4-every4.json")).contains("\"every\":4"),
                "the coarse screen's file records its stride");
        assertTrue(Files.exists(dir.resolve("samples-active4-every4.npy")));
        byte[] first = Files.readAllBytes(dir.resolve("members/member-00.pt"));
        assertFalse(
                java.util.Arrays.equals(first, Files.readAllBytes(dir.resolve("members/member-01.pt"))),
                "members differ: seeds 0 and 1");
        List<Path> again =
                PaperBench.generateMembers(Path.of("../models/templates/unet_mnist.pt"), dir.resolve("again"));
        assertArrayEquals(first, Files.readAllBytes(again.get(0)), "the same seed writes the same member");
    }
}
