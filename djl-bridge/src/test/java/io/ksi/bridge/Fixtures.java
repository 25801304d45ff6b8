package io.ksi.bridge;

import java.nio.file.Files;
import java.nio.file.Path;

/** Locates the committed fixtures (models/fixtures) from any module's working directory. */
public final class Fixtures {
    private Fixtures() {}

    public static Path dir() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null) {
            Path f = p.resolve("models/fixtures");
            if (Files.isDirectory(f)) {
                return f;
            }
            p = p.getParent();
        }
        throw new IllegalStateException(
                "models/fixtures not found above " + Path.of("").toAbsolutePath());
    }

    public static Path file(String name) {
        return dir().resolve(name);
    }
}
