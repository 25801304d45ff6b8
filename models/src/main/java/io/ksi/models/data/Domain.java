package io.ksi.models.data;

import java.util.List;
import java.util.SplittableRandom;

/**
 * Procedural 28x28 image domains standing in for the MNIST family: handwritten-style digits (the target), capital
 * letters (EMNIST-like), garment silhouettes (Fashion-MNIST-like) and a cursive-stroke script (Kuzushiji-like).
 */
public enum Domain {
    DIGITS(digits()),
    LETTERS(letters()),
    GARMENTS(garments()),
    CURSIVE(cursive(20_24L));

    private final List<Glyph> classes;

    Domain(List<Glyph> classes) {
        this.classes = classes;
    }

    public List<Glyph> classes() {
        return classes;
    }

    private static List<Glyph> digits() {
        return List.of(
                Glyph.builder().arc(0.5, 0.5, 0.26, 0.37, 0, 360).build(),
                Glyph.builder().line(0.36, 0.26, 0.52, 0.12, 0.52, 0.88).build(),
                Glyph.builder()
                        .arc(0.5, 0.32, 0.24, 0.2, 200, 380)
                        .line(0.73, 0.39, 0.24, 0.88, 0.8, 0.88)
                        .build(),
                Glyph.builder()
                        .arc(0.5, 0.3, 0.23, 0.18, 200, 450)
                        .arc(0.5, 0.67, 0.26, 0.21, 270, 520)
                        .build(),
                Glyph.builder()
                        .line(0.64, 0.88, 0.64, 0.12, 0.2, 0.64, 0.82, 0.64)
                        .build(),
                Glyph.builder()
                        .line(0.76, 0.13, 0.33, 0.13, 0.3, 0.46)
                        .arc(0.5, 0.64, 0.26, 0.23, 225, 520)
                        .build(),
                Glyph.builder()
                        .bezier(0.72, 0.13, 0.3, 0.22, 0.27, 0.64)
                        .arc(0.5, 0.66, 0.23, 0.21, 180, 540)
                        .build(),
                Glyph.builder().line(0.22, 0.14, 0.79, 0.14, 0.42, 0.88).build(),
                Glyph.builder()
                        .arc(0.5, 0.3, 0.2, 0.17, 0, 360)
                        .arc(0.5, 0.67, 0.25, 0.21, 0, 360)
                        .build(),
                Glyph.builder()
                        .arc(0.5, 0.34, 0.23, 0.21, 0, 360)
                        .bezier(0.73, 0.34, 0.72, 0.72, 0.44, 0.88)
                        .build());
    }

    private static List<Glyph> letters() {
        return List.of(
                Glyph.builder()
                        .line(0.2, 0.88, 0.5, 0.12, 0.8, 0.88)
                        .line(0.32, 0.6, 0.68, 0.6)
                        .build(),
                Glyph.builder()
                        .line(0.75, 0.12, 0.28, 0.12, 0.28, 0.88, 0.75, 0.88)
                        .line(0.28, 0.5, 0.65, 0.5)
                        .build(),
                Glyph.builder()
                        .line(0.75, 0.12, 0.3, 0.12, 0.3, 0.88)
                        .line(0.3, 0.5, 0.66, 0.5)
                        .build(),
                Glyph.builder()
                        .line(0.25, 0.12, 0.25, 0.88)
                        .line(0.75, 0.12, 0.75, 0.88)
                        .line(0.25, 0.5, 0.75, 0.5)
                        .build(),
                Glyph.builder()
                        .line(0.28, 0.12, 0.28, 0.88)
                        .line(0.75, 0.12, 0.28, 0.55, 0.78, 0.88)
                        .build(),
                Glyph.builder().line(0.3, 0.12, 0.3, 0.88, 0.76, 0.88).build(),
                Glyph.builder()
                        .line(0.18, 0.88, 0.22, 0.12, 0.5, 0.6, 0.78, 0.12, 0.82, 0.88)
                        .build(),
                Glyph.builder()
                        .line(0.25, 0.88, 0.25, 0.12, 0.75, 0.88, 0.75, 0.12)
                        .build(),
                Glyph.builder()
                        .line(0.18, 0.12, 0.82, 0.12)
                        .line(0.5, 0.12, 0.5, 0.88)
                        .build(),
                Glyph.builder().line(0.2, 0.12, 0.5, 0.88, 0.8, 0.12).build(),
                Glyph.builder()
                        .line(0.22, 0.12, 0.78, 0.88)
                        .line(0.78, 0.12, 0.22, 0.88)
                        .build(),
                Glyph.builder()
                        .line(0.2, 0.12, 0.5, 0.5, 0.8, 0.12)
                        .line(0.5, 0.5, 0.5, 0.88)
                        .build(),
                Glyph.builder()
                        .line(0.22, 0.12, 0.78, 0.12, 0.22, 0.88, 0.78, 0.88)
                        .build(),
                Glyph.builder().arc(0.52, 0.5, 0.3, 0.37, 45, 315).build());
    }

    private static List<Glyph> garments() {
        return List.of(
                // t-shirt
                Glyph.builder()
                        .fill(
                                0.3, 0.15, 0.42, 0.12, 0.5, 0.18, 0.58, 0.12, 0.7, 0.15, 0.9, 0.35, 0.78, 0.45, 0.72,
                                0.38, 0.72, 0.88, 0.28, 0.88, 0.28, 0.38, 0.22, 0.45, 0.1, 0.35)
                        .build(),
                // trousers
                Glyph.builder()
                        .fill(0.3, 0.1, 0.7, 0.1, 0.76, 0.9, 0.58, 0.9, 0.5, 0.35, 0.42, 0.9, 0.24, 0.9)
                        .build(),
                // dress
                Glyph.builder()
                        .fill(0.4, 0.1, 0.6, 0.1, 0.62, 0.35, 0.84, 0.9, 0.16, 0.9, 0.38, 0.35)
                        .build(),
                // bag with handle
                Glyph.builder()
                        .fill(0.15, 0.4, 0.85, 0.4, 0.8, 0.88, 0.2, 0.88)
                        .arc(0.5, 0.4, 0.2, 0.22, 180, 360)
                        .build(),
                // sneaker
                Glyph.builder()
                        .fill(0.08, 0.55, 0.35, 0.5, 0.5, 0.35, 0.62, 0.4, 0.92, 0.62, 0.92, 0.76, 0.08, 0.76)
                        .build(),
                // coat: long sleeves
                Glyph.builder()
                        .fill(
                                0.32, 0.1, 0.5, 0.16, 0.68, 0.1, 0.86, 0.2, 0.9, 0.86, 0.78, 0.86, 0.74, 0.4, 0.74, 0.9,
                                0.26, 0.9, 0.26, 0.4, 0.22, 0.86, 0.1, 0.86, 0.14, 0.2)
                        .build(),
                // sandal: sole and straps
                Glyph.builder()
                        .fill(0.08, 0.7, 0.92, 0.66, 0.92, 0.78, 0.08, 0.8)
                        .line(0.25, 0.7, 0.4, 0.45, 0.55, 0.68)
                        .line(0.6, 0.68, 0.72, 0.5, 0.85, 0.66)
                        .build());
    }

    /** Ten fixed "characters", each two smooth random strokes with loops, drawn once from a fixed seed. */
    private static List<Glyph> cursive(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        Glyph[] out = new Glyph[10];
        for (int c = 0; c < 10; c++) {
            Glyph.Builder b = Glyph.builder();
            int strokes = 1 + r.nextInt(2);
            for (int s = 0; s < strokes; s++) {
                int n = 4 + r.nextInt(3);
                double[][] pts = new double[n][];
                for (int i = 0; i < n; i++) {
                    pts[i] = new double[] {0.18 + 0.64 * r.nextDouble(), 0.15 + 0.7 * r.nextDouble()};
                }
                b.spline(pts);
            }
            out[c] = b.build();
        }
        return List.of(out);
    }
}
