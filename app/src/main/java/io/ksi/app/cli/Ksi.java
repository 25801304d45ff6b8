package io.ksi.app.cli;

import io.ksi.bridge.EngineSettings;
import java.util.ServiceLoader;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The ksi command line: training-free generative modelling with kernelized stochastic interpolants. */
@Command(
        name = "ksi",
        mixinStandardHelpOptions = true,
        version = "ksi 0.1.0",
        description =
                "Kernelized stochastic interpolants: combine pretrained velocity models (or other feature fields) "
                        + "into a better sampler without training.",
        subcommands = {
            VelocityCommand.class,
            ModelsCommand.class,
            FitCommand.class,
            SolveCommand.class,
            SampleCommand.class,
            BenchCommand.class,
            TrainCohortCommand.class,
            DemoCommand.class,
            EvalCommand.class,
            ScatteringCommand.class,
            SeriesCommand.class,
            FieldCommand.class,
            ServeCommand.class,
            CommandLine.HelpCommand.class
        })
public final class Ksi {
    public static void main(String[] args) {
        EngineSettings.offline();
        System.exit(run(args));
    }

    /** Runs a command line and returns its exit code (tests call this instead of main). */
    public static int run(String... args) {
        return commandLine().execute(args);
    }

    /** The command tree with its error handling, plus the commands of every {@link CommandPlugin} on the class path. */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Ksi());
        for (CommandPlugin plugin : ServiceLoader.load(CommandPlugin.class)) {
            plugin.addTo(cl);
        }
        cl.setExecutionExceptionHandler((ex, line, parse) -> {
            line.getErr().println("ksi " + String.join(" ", parse.originalArgs().subList(0, 1)) + ": " + message(ex));
            if (Boolean.getBoolean("ksi.debug")) {
                ex.printStackTrace(line.getErr());
            } else {
                line.getErr().println("(run with KSI_DEBUG=1 for the stack trace)");
            }
            return 1;
        });
        return cl;
    }

    private static String message(Throwable ex) {
        String m = ex.getMessage();
        return m == null ? ex.getClass().getSimpleName() : m;
    }
}
