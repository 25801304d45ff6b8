package io.ksi.notebooks;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import jdk.jshell.SourceCodeAnalysis;
import jdk.jshell.SourceCodeAnalysis.Completeness;
import org.dflib.jjava.jupyter.kernel.BaseKernel;
import org.dflib.jjava.jupyter.kernel.JupyterIO;
import org.dflib.jjava.jupyter.kernel.LanguageInfo;
import org.dflib.jjava.jupyter.kernel.ReplacementOptions;
import org.dflib.jjava.jupyter.kernel.comm.CommManager;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import org.dflib.jjava.jupyter.kernel.display.Renderer;
import org.dflib.jjava.jupyter.kernel.magic.MagicsRegistry;
import org.dflib.jjava.jupyter.kernel.util.StringStyler;
import org.dflib.jjava.jupyter.kernel.util.TextColor;

/**
 * The "ksi" Jupyter kernel: Jupyter's protocol from JJava's library, cells evaluated by {@link NotebookCell} in a
 * JShell of this JVM with the project's classpath and imports. Printed text streams to the notebook as it is printed,
 * pictures from {@link Display} (Nb.grid, Nb.chart, ...) arrive as image/png display data, a cell's last expression is
 * its result, and a failing cell is a Jupyter error carrying the Java message. Interrupt stops the running cell.
 */
public final class KsiKernel extends BaseKernel {
    private final JShellCells java = new JShellCells();
    private final Path folder;

    /**
     * A kernel whose relative paths (%load, %classpath) start in {@code folder}: Jupyter starts it in the notebook's.
     */
    public KsiKernel(Path folder, String version) {
        super(
                "ksi",
                version,
                new LanguageInfo(
                        "java",
                        Runtime.version().toString(),
                        "text/x-java-source",
                        ".jshell",
                        "java",
                        "text/x-java",
                        "script"),
                List.of(),
                null,
                new JupyterIO(StandardCharsets.UTF_8),
                new CommManager(),
                new Renderer(),
                null,
                new MagicsRegistry(),
                false,
                new StringStyler.Builder()
                        .addPrimaryStyle(TextColor.BOLD_RESET_FG)
                        .addSecondaryStyle(TextColor.BOLD_RED_FG)
                        .build());
        this.folder = folder.toAbsolutePath();
    }

    @Override
    public String getBanner() {
        return "ksi kernel (Java " + Runtime.version() + ", JShell)";
    }

    /** Installs the project's imports and sends pictures to the notebook; call once before connecting. */
    @Override
    public void onStartup() {
        super.onStartup();
        NotebookCell.startup(folder).ifPresent(startup -> new NotebookCell(java, folder).runFile(startup));
        Display.sendTo(png -> {
            DisplayData data = new DisplayData("<image>");
            data.putData("image/png", png);
            display(data);
        });
    }

    @Override
    public Object evalRaw(String source) {
        return new NotebookCell(java, folder).run(source);
    }

    @Override
    public DisplayData inspect(String code, int at, boolean extraDetail) {
        List<SourceCodeAnalysis.Documentation> docs = java.analysis().documentation(code, at, extraDetail);
        if (docs.isEmpty()) {
            return null;
        }
        StringBuilder text = new StringBuilder();
        for (SourceCodeAnalysis.Documentation d : docs) {
            text.append(d.signature()).append('\n');
            if (d.javadoc() != null) {
                text.append(d.javadoc()).append('\n');
            }
        }
        return new DisplayData(text.toString());
    }

    @Override
    public ReplacementOptions complete(String code, int at) {
        int[] anchor = new int[1];
        List<String> options = new ArrayList<>();
        for (SourceCodeAnalysis.Suggestion s : java.analysis().completionSuggestions(code, at, anchor)) {
            if (!options.contains(s.continuation())) {
                options.add(s.continuation());
            }
        }
        return new ReplacementOptions(options, anchor[0], at);
    }

    @Override
    public String isComplete(String code) {
        if (code.strip().startsWith("%")) {
            return IS_COMPLETE_YES;
        }
        Completeness c = java.analysis().analyzeCompletion(code).completeness();
        return switch (c) {
            case COMPLETE, COMPLETE_WITH_SEMI, EMPTY -> IS_COMPLETE_YES;
            case DEFINITELY_INCOMPLETE, CONSIDERED_INCOMPLETE -> "    ";
            case UNKNOWN -> IS_COMPLETE_BAD;
        };
    }

    /** Jupyter's interrupt (interrupt_mode "message"): the running snippet stops when it next runs Java code. */
    @Override
    public void interrupt() {
        java.stop();
    }

    @Override
    public void onShutdown(boolean restarting) {
        Display.sendTo(null);
        super.onShutdown(restarting);
        java.close();
    }

    private static boolean isCell(StackTraceElement f) {
        String file = f.getFileName();
        return file != null && (file.equals(JShellCells.THIS_CELL) || file.startsWith(JShellCells.EARLIER_CELL));
    }

    /** The Java message first, then the user's frames; the kernel's own frames say nothing to a notebook user. */
    @Override
    public List<String> formatError(Throwable e) {
        List<String> lines = new ArrayList<>();
        lines.add(errorStyler.secondary(String.valueOf(e.getMessage())));
        StackTraceElement[] frames = e.getStackTrace();
        int last = -1;
        for (int i = 0; i < frames.length; i++) {
            if (isCell(frames[i])) {
                last = i; // the cells' own frames (JShellCells names them); below them is JShell's machinery
            }
        }
        for (int i = 0; i <= last; i++) {
            StackTraceElement f = frames[i];
            lines.add(errorStyler.primary(
                    isCell(f) ? "    at line " + f.getLineNumber() + " of " + f.getFileName() : "    at " + f));
        }
        return lines;
    }
}
