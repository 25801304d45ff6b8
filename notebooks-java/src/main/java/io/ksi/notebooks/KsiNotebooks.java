package io.ksi.notebooks;

import io.ksi.bridge.EngineSettings;
import io.ksi.cli.Ksi;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The ksi CLI with the notebook commands added (this module sits on top of the others). */
public final class KsiNotebooks {
    private KsiNotebooks() {
    }

    public static void main(String[] args) {
        EngineSettings.offline();
        System.exit(commandLine().execute(args));
    }

    public static CommandLine commandLine() {
        CommandLine cl = Ksi.commandLine();
        cl.addSubcommand("notebook", new CommandLine(new NotebookCommand()).addSubcommand("run", new RunCommand()));
        return cl;
    }

    @Command(mixinStandardHelpOptions = true, name = "notebook", description = "Notebooks (.ipynb for a Java kernel) and JShell scripts (.jsh).")
    static final class NotebookCommand implements Callable<Integer> {
        @Override
        public Integer call() {
            CommandLine.usage(this, System.out);
            return 0;
        }
    }

    @Command(mixinStandardHelpOptions = true, name = "run", description = "Execute notebooks or JShell scripts headless; notebooks get their outputs "
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
