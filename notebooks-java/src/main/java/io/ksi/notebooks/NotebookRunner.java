package io.ksi.notebooks;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.ksi.bridge.AtomicFiles;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Executes the Java cells of a notebook (.ipynb, IJava/JJava syntax) or a JShell script (.jsh) through the JDK's JShell
 * API, in this JVM and with its classpath; the line magics %classpath and %load run as in JJava ({@link NotebookCell}).
 * Outputs (text, images from {@link Display}, last-expression values) are written back into the notebook so that it
 * renders on GitHub. Stops at the first failing cell.
 */
public final class NotebookRunner implements AutoCloseable {
    /** Where a run stopped, if it failed. */
    public static final class CellFailure extends RuntimeException {
        public CellFailure(String message) {
            super(message);
        }

        /**
         * No frames of its own: where the kernel noticed the failure (JShellCells, JJava) is nothing to a notebook
         * user, and Jupyter prints every frame; the user's own frames are set on it when there are any.
         */
        @Override
        public synchronized Throwable fillInStackTrace() {
            return this;
        }
    }

    private final JShellCells java = new JShellCells();
    private int executionCount;

    /**
     * Evaluates the project's imports (startup.jsh, next to the file or in the project's notebooks-java folder), as
     * {@code ./ksi jshell} and the ksi kernel do, so that scripts and notebooks run from any folder.
     */
    private void loadStartup(Path file) {
        Path folder = folder(file);
        NotebookCell.startup(folder)
                .filter(startup -> !startup.equals(file.toAbsolutePath()))
                .ifPresent(startup -> new NotebookCell(java, folder).runFile(startup));
    }

    private static Path folder(Path file) {
        return file.toAbsolutePath().getParent();
    }

    /** Runs every code cell of {@code notebook} and writes the executed notebook to {@code out}. */
    public void runNotebook(Path notebook, Path out) {
        loadStartup(notebook);
        JsonObject nb;
        try {
            nb = JsonParser.parseString(Files.readString(notebook)).getAsJsonObject();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + notebook, e);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(
                    notebook + ": not a notebook (JSON with a \"cells\" array): " + e.getMessage(), e);
        }
        JsonArray cells = nb.getAsJsonArray("cells");
        CellFailure failure = null;
        int index = 0;
        for (JsonElement el : cells) {
            JsonObject cell = el.getAsJsonObject();
            index++;
            if (!"code".equals(cell.get("cell_type").getAsString())) {
                continue;
            }
            JsonArray outputs = new JsonArray();
            cell.add("outputs", outputs);
            cell.add("execution_count", com.google.gson.JsonNull.INSTANCE);
            if (failure != null) {
                continue;
            }
            String source = joinSource(cell.get("source"));
            try {
                CellOutput result = execute(source, folder(notebook));
                cell.addProperty("execution_count", ++executionCount);
                result.addTo(outputs, executionCount);
            } catch (CellFailure f) {
                cell.addProperty("execution_count", ++executionCount);
                JsonObject err = new JsonObject();
                err.addProperty("output_type", "error");
                err.addProperty("ename", "CellFailure");
                err.addProperty("evalue", f.getMessage());
                JsonArray tb = new JsonArray();
                tb.add(f.getMessage());
                err.add("traceback", tb);
                outputs.add(err);
                failure = new CellFailure(notebook + ": cell " + index + " failed: " + f.getMessage());
            }
        }
        AtomicFiles.writeString(
                out,
                new GsonBuilder()
                                .setPrettyPrinting()
                                .disableHtmlEscaping()
                                .create()
                                .toJson(nb) + "\n");
        if (failure != null) {
            throw failure;
        }
    }

    /**
     * Runs a JShell script cell by cell ('//--' lines separate cells, as in the notebooks made from the scripts), so
     * that a bare expression ending a cell stays a complete snippet. Lines starting with '/' other than comments
     * (JShell commands such as /exit) are skipped.
     */
    public void runScript(Path script) {
        loadStartup(script);
        try {
            List<String> cell = new ArrayList<>();
            for (String line : Files.readAllLines(script)) {
                String l = line.strip();
                if (l.startsWith("//--")) {
                    runScriptCell(cell, folder(script));
                    cell.clear();
                } else if (!l.startsWith("/") || l.startsWith("//")) {
                    cell.add(line);
                }
            }
            runScriptCell(cell, folder(script));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + script, e);
        } catch (CellFailure f) {
            throw new CellFailure(script + ": " + f.getMessage());
        }
    }

    private void runScriptCell(List<String> lines, Path folder) {
        CellOutput o = execute(String.join("\n", lines), folder);
        System.out.print(o.stdout);
        if (o.value != null) {
            System.out.println(o.value);
        }
    }

    private static String joinSource(JsonElement source) {
        if (source.isJsonArray()) {
            StringBuilder b = new StringBuilder();
            source.getAsJsonArray().forEach(s -> b.append(s.getAsString()));
            return b.toString();
        }
        return source.getAsString();
    }

    /** What one cell printed, showed and returned. */
    private record CellOutput(String stdout, List<String> images, String value) {
        void addTo(JsonArray outputs, int count) {
            if (!stdout.isEmpty()) {
                JsonObject o = new JsonObject();
                o.addProperty("output_type", "stream");
                o.addProperty("name", "stdout");
                o.add("text", lines(stdout));
                outputs.add(o);
            }
            for (String png : images) {
                JsonObject o = new JsonObject();
                o.addProperty("output_type", "display_data");
                JsonObject data = new JsonObject();
                data.addProperty("image/png", png);
                data.addProperty("text/plain", "<image>");
                o.add("data", data);
                o.add("metadata", new JsonObject());
                outputs.add(o);
            }
            if (value != null) {
                JsonObject o = new JsonObject();
                o.addProperty("output_type", "execute_result");
                o.addProperty("execution_count", count);
                JsonObject data = new JsonObject();
                data.add("text/plain", lines(value));
                o.add("data", data);
                o.add("metadata", new JsonObject());
                outputs.add(o);
            }
        }

        private static JsonArray lines(String text) {
            JsonArray a = new JsonArray();
            String[] parts = text.split("(?<=\n)");
            for (String p : parts) {
                a.add(p);
            }
            return a;
        }
    }

    /** Runs a cell of a notebook or script in {@code folder}, capturing what it prints and shows. */
    private CellOutput execute(String source, Path folder) {
        PrintStream oldOut = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        PrintStream capture = new PrintStream(buf, true, StandardCharsets.UTF_8);
        String value;
        Display.drain();
        System.setOut(capture);
        try {
            value = new NotebookCell(java, folder).run(source);
        } finally {
            System.setOut(oldOut);
        }
        capture.flush();
        return new CellOutput(buf.toString(StandardCharsets.UTF_8), Display.drain(), value);
    }

    @Override
    public void close() {
        java.close();
    }
}
