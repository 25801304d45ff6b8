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

    @Command(
            mixinStandardHelpOptions = true,
            name = "run",
            description = "Execute notebooks or JShell scripts headless; notebooks get their outputs "
                    + "written back. Stops at the first failing cell.")
    static final class RunCommand implements Callable<Integer> {
        @Parameters(arity = "1..*", description = ".ipynb or .jsh files")
        List<Path> files;

        @Option(names = "--quick", description = "set ksi.quick=true: notebooks use their small settings")
        boolean quick;

        @Option(names = "--out", description = "write the executed notebook here (one input only); default: in place")
        Path out;

        @Override
        public Integer call() {
            if (quick) {
                System.setProperty("ksi.quick", "true");
            }
            if (out != null && files.size() != 1) {
                throw new IllegalArgumentException("--out needs exactly one input file");
            }
            for (Path f : files) {
                long start = System.nanoTime();
                try (NotebookRunner runner = new NotebookRunner()) {
                    if (f.toString().endsWith(".jsh")) {
                        runner.runScript(f);
                    } else {
                        runner.runNotebook(f, out != null ? out : f);
                    }
                }
                System.err.printf("ran %s in %.1f s%n", f, (System.nanoTime() - start) / 1e9);
            }
            return 0;
        }
    }
}
