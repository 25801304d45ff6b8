package io.ksi.notebooks;

import io.ksi.notebooks.NotebookRunner.CellFailure;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Runs one notebook cell: Java, and the IJava/JJava line magics the notebooks use ({@code %classpath PATH...},
 * {@code %load FILE}), in the order they appear. Relative paths are looked up in the notebook's folder first, then in
 * the project's {@code notebooks-java} folder (found through {@code -Dksi.root}, which the ksi launcher sets), so that
 * a copy of a notebook opened anywhere still finds the project's {@code startup.jsh} and jars.
 */
public final class NotebookCell {
    public static final String STARTUP = "startup.jsh";
    private final JShellCells java;
    private final Path folder;

    public NotebookCell(JShellCells java, Path folder) {
        this.java = java;
        this.folder = folder.toAbsolutePath();
    }

    /** The project's notebooks-java folder, if this JVM was started by the ksi launcher (-Dksi.root). */
    public static Optional<Path> projectNotebooks() {
        return Optional.ofNullable(System.getProperty("ksi.root"))
                .map(root -> Path.of(root, "notebooks-java").toAbsolutePath());
    }

    /** The imports every notebook starts with: startup.jsh in {@code folder}, else the project's. */
    public static Optional<Path> startup(Path folder) {
        Path here = folder.resolve(STARTUP);
        if (Files.isRegularFile(here)) {
            return Optional.of(here);
        }
        return projectNotebooks().map(p -> p.resolve(STARTUP)).filter(Files::isRegularFile);
    }

    /** Runs the cell; the value of its last expression, or null when it ends in a statement or a magic. */
    public String run(String cell) {
        List<String> javaLines = new ArrayList<>();
        for (String line : cell.split("\n", -1)) {
            String l = line.strip();
            if (l.startsWith("%%")) {
                throw new CellFailure("cell magic " + l.split("\\s+")[0]
                        + " is not supported: the ksi runner and kernel already have the project's classpath "
                        + "(line magics: %classpath, %load)");
            }
            if (l.startsWith("%")) {
                runJava(javaLines);
                magic(l.substring(1).strip());
            } else {
                javaLines.add(line);
            }
        }
        return javaLines.stream().anyMatch(l -> !l.isBlank()) ? java.eval(String.join("\n", javaLines)) : null;
    }

    private void runJava(List<String> lines) {
        if (lines.stream().anyMatch(l -> !l.isBlank())) {
            java.eval(String.join("\n", lines));
        }
        lines.clear();
    }

    private void magic(String line) {
        String[] words = line.split("\\s+");
        String name = words[0];
        List<String> args = List.of(words).subList(1, words.length);
        switch (name) {
            case "classpath" ->
                args.forEach(a -> resolveAll(a, "%classpath").forEach(p -> java.addToClasspath(p.toString())));
            case "load" -> {
                if (args.size() != 1) {
                    throw new CellFailure("%load takes one file, got: " + String.join(" ", args));
                }
                load(args.get(0));
            }
            default ->
                throw new CellFailure(
                        "unknown magic %" + name + " (the ksi runner and kernel know %classpath" + " and %load)");
        }
    }

    private void load(String file) {
        Path script = resolveAll(file, "%load").get(0);
        if (!Files.isRegularFile(script)) {
            throw new CellFailure("%load " + file + ": not a file: " + script);
        }
        runFile(script);
    }

    /** Runs a JShell script (Java and line magics) as one cell, its relative paths resolved from its own folder. */
    public void runFile(Path script) {
        try {
            new NotebookCell(java, script.getParent()).run(Files.readString(script));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + script, e);
        }
    }

    /**
     * The paths an argument names, in the first folder that has it. A glob ({@code target/lib/*.jar}) that matches
     * nothing anywhere adds nothing, as in JJava (the ksi runner and kernel have the project's jars already, built or
     * not); a plain path that is nowhere is an error.
     */
    List<Path> resolveAll(String arg, String magic) {
        List<Path> bases = new ArrayList<>();
        bases.add(folder);
        projectNotebooks().filter(p -> !p.equals(folder)).ifPresent(bases::add);
        if (Path.of(arg).isAbsolute()) {
            bases = List.of(Path.of("/"));
        }
        for (Path base : bases) {
            List<Path> found = matches(base.resolve(arg));
            if (!found.isEmpty()) {
                return found;
            }
        }
        if (isGlob(arg) && !magic.equals("%load")) {
            return List.of();
        }
        throw new CellFailure(magic + " " + arg + ": nothing there in " + bases
                + (projectNotebooks().isEmpty()
                        ? " (start through the ksi launcher, or set -Dksi.root=/path/to/ksi)"
                        : ""));
    }

    private static boolean isGlob(String arg) {
        String name = Path.of(arg).getFileName().toString();
        return name.contains("*") || name.contains("?");
    }

    private static List<Path> matches(Path path) {
        String name = path.getFileName().toString();
        if (!isGlob(name)) {
            return Files.exists(path) ? List.of(path) : List.of();
        }
        List<Path> out = new ArrayList<>();
        if (Files.isDirectory(path.getParent())) {
            try (DirectoryStream<Path> dir = Files.newDirectoryStream(path.getParent(), name)) {
                dir.forEach(out::add);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot list " + path.getParent(), e);
            }
        }
        out.sort(null);
        return out;
    }
}
