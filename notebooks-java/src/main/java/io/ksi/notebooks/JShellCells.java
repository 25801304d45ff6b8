package io.ksi.notebooks;

import java.io.File;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import jdk.jshell.EvalException;
import jdk.jshell.JShell;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import jdk.jshell.SourceCodeAnalysis;
import jdk.jshell.SourceCodeAnalysis.Completeness;
import jdk.jshell.UnresolvedReferenceException;

/**
 * A JShell session in this JVM ("local" engine), with this JVM's classpath: the runner and the kernel evaluate Java
 * here, so that cells share the JVM's classes and statics (the {@link Display} sink, loaded models, DJL's engine).
 */
public final class JShellCells implements AutoCloseable {
    private final JShell shell;
    private volatile boolean stopped;

    public JShellCells() {
        shell = JShell.builder().executionEngine("local").build();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (!entry.isBlank()) {
                shell.addToClasspath(entry);
            }
        }
    }

    /**
     * Evaluates Java source snippet by snippet and returns the value of a last snippet that is an expression, or null.
     * Fails with {@link NotebookRunner.CellFailure} naming the Java exception or compiler message and the snippet.
     */
    public String eval(String source) {
        SourceCodeAnalysis analysis = shell.sourceCodeAnalysis();
        String remaining = source;
        String value = null;
        stopped = false;
        cells++;
        while (!remaining.isBlank()) {
            SourceCodeAnalysis.CompletionInfo info = analysis.analyzeCompletion(remaining);
            if (info.completeness() == Completeness.DEFINITELY_INCOMPLETE
                    || info.completeness() == Completeness.CONSIDERED_INCOMPLETE && info.source() == null) {
                throw new NotebookRunner.CellFailure("incomplete Java: " + firstLine(remaining));
            }
            String snippet = info.source();
            int start = source.length()
                    - remaining.length()
                    + (remaining.length() - remaining.stripLeading().length());
            int line = (int) source.substring(0, start)
                            .chars()
                            .filter(c -> c == '\n')
                            .count()
                    + 1;
            remaining = info.remaining();
            value = null;
            List<SnippetEvent> events = shell.eval(snippet);
            for (SnippetEvent e : events) {
                if (e.snippet() != null) {
                    where.putIfAbsent("#" + e.snippet().id(), new int[] {cells, line});
                }
            }
            if (stopped) {
                throw new NotebookRunner.CellFailure("interrupted in: " + firstLine(snippet));
            }
            for (SnippetEvent e : events) {
                if (e.exception() != null) {
                    throw failure(e.exception(), snippet);
                }
                if (e.status() == Snippet.Status.REJECTED) {
                    String diags = shell.diagnostics(e.snippet())
                            .map(d -> d.getMessage(Locale.ROOT))
                            .collect(Collectors.joining("; "));
                    throw new NotebookRunner.CellFailure("does not compile: " + diags + " in: " + firstLine(snippet));
                }
                if (e.causeSnippet() == null
                        && e.value() != null
                        && isExpression(e.snippet())
                        && worthShowing(e.snippet())) {
                    value = e.value();
                }
            }
        }
        return value;
    }

    private NotebookRunner.CellFailure failure(Throwable ex, String snippet) {
        if (ex instanceof UnresolvedReferenceException u) {
            String names = shell.unresolvedDependencies(u.getSnippet()).collect(Collectors.joining(", "));
            return new NotebookRunner.CellFailure("cannot find symbol: " + names + " in: " + firstLine(snippet));
        }
        String name = ex instanceof EvalException ee
                ? ee.getExceptionClassName()
                : ex.getClass().getName();
        NotebookRunner.CellFailure f =
                new NotebookRunner.CellFailure(name + ": " + ex.getMessage() + " in: " + firstLine(snippet));
        f.setStackTrace(inCells(ex.getStackTrace())); // the user's frames, for the kernel's traceback
        return f;
    }

    /** The file name of a frame in a cell's code (its line number is then the cell's line). */
    static final String THIS_CELL = "this cell";

    /** Prefix of the file name of a frame in an earlier cell's code (a method it defined), then its order. */
    static final String EARLIER_CELL = "cell run ";

    /**
     * JShell names a frame's file after its snippet ("#23", line within the snippet); a notebook user knows cells and
     * their lines, so those frames are renamed to the cell and the line in it.
     */
    private StackTraceElement[] inCells(StackTraceElement[] frames) {
        StackTraceElement[] out = frames.clone();
        for (int i = 0; i < out.length; i++) {
            StackTraceElement f = out[i];
            int[] at = f.getFileName() == null ? null : where.get(f.getFileName());
            if (at != null) {
                out[i] = new StackTraceElement(
                        f.getClassName(),
                        f.getMethodName(),
                        at[0] == cells ? THIS_CELL : EARLIER_CELL + at[0],
                        at[1] + Math.max(1, f.getLineNumber()) - 1);
            }
        }
        return out;
    }

    /** Cells evaluated so far, and for each snippet's frame name ("#23") the cell it came from and its first line. */
    private int cells;

    private final java.util.Map<String, int[]> where = new java.util.concurrent.ConcurrentHashMap<>();

    public SourceCodeAnalysis analysis() {
        return shell.sourceCodeAnalysis();
    }

    public void addToClasspath(String path) {
        shell.addToClasspath(path);
    }

    /** Stops the snippet running now (from another thread): Jupyter's interrupt. */
    public void stop() {
        stopped = true;
        shell.stop();
    }

    /**
     * A cell ending in {@code System.out.printf(...)} has the stream as its value, and one ending in
     * {@code Nb.grid(...)} the picture it already showed: their toString() ("java.io.PrintStream@1b6d3586") would only
     * be noise.
     */
    private static boolean worthShowing(Snippet s) {
        String type = s instanceof jdk.jshell.VarSnippet v
                ? v.typeName()
                : s instanceof jdk.jshell.ExpressionSnippet x ? x.typeName() : "";
        return !NOT_SHOWN.contains(type);
    }

    private static final java.util.Set<String> NOT_SHOWN =
            java.util.Set.of("PrintStream", "java.io.PrintStream", "BufferedImage", "java.awt.image.BufferedImage");

    private static boolean isExpression(Snippet s) {
        return s.kind() == Snippet.Kind.EXPRESSION
                || s.kind() == Snippet.Kind.VAR && s.subKind() == Snippet.SubKind.TEMP_VAR_EXPRESSION_SUBKIND;
    }

    static String firstLine(String s) {
        String l = s.strip().lines().findFirst().orElse("");
        return l.length() > 120 ? l.substring(0, 117) + "..." : l;
    }

    @Override
    public void close() {
        shell.close();
    }
}
