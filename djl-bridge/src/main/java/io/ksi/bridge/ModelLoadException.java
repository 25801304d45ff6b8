package io.ksi.bridge;

import java.nio.file.Path;

/** A model file that cannot be used: missing, corrupt, of an unknown format, or not matching its declared contract. */
public class ModelLoadException extends RuntimeException {
    public ModelLoadException(Path file, String problem) {
        this(file, problem, null);
    }

    public ModelLoadException(Path file, String problem, Throwable cause) {
        super(file + ": " + problem, cause);
    }

    public ModelLoadException(String message, Throwable cause) {
        super(message, cause);
    }
}
