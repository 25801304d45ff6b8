package io.ksi.notebooks;

import io.ksi.app.cli.CommandPlugin;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ksi notebook run}: this module's commands, added to the ksi CLI through {@link CommandPlugin}. */
public final class NotebookCommands implements CommandPlugin {
    @Override
    public void addTo(CommandLine ksi) {
        ksi.addSubcommand("notebook", new CommandLine(new NotebookCommand()).addSubcommand("run", new RunCommand()));
    }

    @Command(
            mixinStandardHelpOptions = true,
            name = "notebook",
            description = "Notebooks (.ipynb for a Java kernel) and JShell scripts (.jsh).")
    static final class NotebookCommand implements Callable<Integer> {
        @Override
        public Integer call() {
            CommandLine.usage(this, System.out);
            return 0;
        }
    }

    /** NAME.executed.ipynb beside NAME.ipynb: a run does not rewrite a tracked notebook unless asked. */
    static Path executed(Path notebook) {
        String name = notebook.getFileName().toString();
        String stem = name.endsWith(".ipynb") ? name.substring(0, name.length() - ".ipynb".length()) : name;
        return notebook.resolveSibling(stem + ".executed.ipynb");
    }

    @Command(
            mixinStandardHelpOptions = true,
            name = "run",
            description = "Execute notebooks or JShell scripts headless; an executed notebook is written beside"
                    + " it as NAME.executed.ipynb (--in-place: into it). Stops at the first failing cell.")
    static final class RunCommand implements Callable<Integer> {
        @Parameters(arity = "1..*", description = ".ipynb or .jsh files")
        List<Path> files;

        @Option(names = "--quick", description = "set ksi.quick=true: notebooks use their small settings")
        boolean quick;

        @Option(
                names = "--out",
                description =
                        "write the executed notebook here (one input only); default: NAME.executed.ipynb beside it")
        Path out;

        @Option(
                names = "--in-place",
                description = "write the outputs into the notebook itself (how the committed notebooks get theirs)")
        boolean inPlace;

        @Override
        public Integer call() {
            if (quick) {
                System.setProperty("ksi.quick", "true");
            }
            if (out != null && files.size() != 1) {
                throw new IllegalArgumentException("--out needs exactly one input file");
            }
            if (out != null && inPlace) {
                throw new IllegalArgumentException("give --out or --in-place, not both");
            }
            for (Path f : files) {
                long start = System.nanoTime();
                try (NotebookRunner runner = new NotebookRunner()) {
                    if (f.toString().endsWith(".jsh")) {
                        runner.runScript(f);
                    } else {
                        Path target = out != null ? out : inPlace ? f : executed(f);
                        runner.runNotebook(f, target);
                        System.err.println("wrote " + target);
                    }
                }
                System.err.printf("ran %s in %.1f s%n", f, (System.nanoTime() - start) / 1e9);
            }
            return 0;
        }
    }
}
