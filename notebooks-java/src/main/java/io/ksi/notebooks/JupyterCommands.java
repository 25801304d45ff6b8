package io.ksi.notebooks;

import io.ksi.app.cli.CommandPlugin;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.dflib.jjava.jupyter.channels.JupyterConnection;
import org.dflib.jjava.jupyter.kernel.KernelConnectionProperties;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ksi jupyter install|uninstall|kernel}: the ksi kernel for Jupyter, added to the CLI as a plugin. */
public final class JupyterCommands implements CommandPlugin {
    @Override
    public void addTo(CommandLine ksi) {
        ksi.addSubcommand(
                "jupyter",
                new CommandLine(new JupyterCommand())
                        .addSubcommand("install", new InstallCommand())
                        .addSubcommand("uninstall", new UninstallCommand())
                        .addSubcommand("kernel", new KernelCommand()));
    }

    @Command(
            mixinStandardHelpOptions = true,
            name = "jupyter",
            description = "The ksi kernel for Jupyter: install its kernelspec, then pick \"Java (ksi)\" in Jupyter.")
    static final class JupyterCommand implements Callable<Integer> {
        @Override
        public Integer call() {
            CommandLine.usage(this, System.out);
            return 0;
        }
    }

    /** Where the kernelspec goes: the user's Jupyter data folder (default) or an environment's prefix. */
    static final class Place {
        @Option(
                names = "--user",
                description =
                        "the user's Jupyter data folder: $JUPYTER_DATA_DIR, else ~/.local/share/jupyter (default)")
        boolean user;

        @Option(names = "--prefix", description = "PREFIX/share/jupyter, e.g. a virtualenv or /usr/local")
        Path prefix;

        static KernelSpec of(Place place) {
            return place == null || place.prefix == null
                    ? KernelSpec.user(System.getenv())
                    : KernelSpec.prefix(place.prefix);
        }
    }

    @Command(
            mixinStandardHelpOptions = true,
            name = "install",
            description = "Write the kernelspec \"ksi\", which starts this project's kernel through the ksi launcher.")
    static final class InstallCommand implements Callable<Integer> {
        @ArgGroup(exclusive = true)
        Place place;

        @Option(
                names = "--threads",
                description =
                        "intra-op threads of each engine inside the kernel (default: all cores, ${DEFAULT-VALUE})")
        int threads = Runtime.getRuntime().availableProcessors();

        @Override
        public Integer call() {
            String root = System.getProperty("ksi.root");
            if (root == null || !Files.isExecutable(Path.of(root, "ksi"))) {
                throw new IllegalStateException(
                        "ksi jupyter install must run through the ksi launcher (./ksi jupyter install), which tells"
                                + " the kernelspec where the project is; ksi.root=" + root);
            }
            if (threads < 1) {
                throw new IllegalArgumentException("--threads must be at least 1, got " + threads);
            }
            KernelSpec spec = Place.of(place);
            spec.install(Path.of(root, "ksi"), threads);
            System.out.println(installed(spec, place == null ? null : place.prefix, threads));
            return 0;
        }
    }

    /**
     * What install says: where, how to run a notebook on it (with the JUPYTER_PATH a prefix outside Jupyter's own
     * search path needs), and the threads fixed in the spec.
     */
    static String installed(KernelSpec spec, Path prefix, int threads) {
        String path = prefix == null
                ? ""
                : "JUPYTER_PATH=" + prefix.toAbsolutePath().resolve("share").resolve("jupyter") + " ";
        return "installed kernel \"" + KernelSpec.NAME + "\" (Java (ksi)) in " + spec.dir() + "\n"
                + "run: " + path + "jupyter nbconvert --to notebook --execute --ExecutePreprocessor.kernel_name="
                + KernelSpec.NAME + " NOTEBOOK.ipynb   (or pick \"Java (ksi)\" in Jupyter"
                + (prefix == null ? "" : " started with that JUPYTER_PATH") + ")\n"
                + "engines use " + threads + " threads (this machine's cores); reinstall with --threads N to change";
    }

    @Command(mixinStandardHelpOptions = true, name = "uninstall", description = "Remove the kernelspec \"ksi\".")
    static final class UninstallCommand implements Callable<Integer> {
        @ArgGroup(exclusive = true)
        Place place;

        @Override
        public Integer call() {
            KernelSpec spec = Place.of(place);
            System.out.println(
                    spec.uninstall() ? "removed " + spec.dir() : "no kernel \"ksi\" installed in " + spec.dir());
            return 0;
        }
    }

    @Command(
            mixinStandardHelpOptions = true,
            name = "kernel",
            description = "Run the kernel (Jupyter starts this through the kernelspec). KSI_QUICK=1 in the"
                    + " environment sets ksi.quick=true: notebooks use their small settings.")
    static final class KernelCommand implements Callable<Integer> {
        @Parameters(paramLabel = "CONNECTION_FILE", description = "the connection file Jupyter writes")
        Path connectionFile;

        @Override
        public Integer call() throws Exception {
            if (!Files.isRegularFile(connectionFile)) {
                throw new IllegalArgumentException("no connection file at " + connectionFile);
            }
            String quick = System.getenv("KSI_QUICK");
            if ("1".equals(quick) || "true".equalsIgnoreCase(quick)) {
                System.setProperty("ksi.quick", "true");
            }
            KernelConnectionProperties props;
            try {
                props = KernelConnectionProperties.parse(Files.readString(connectionFile));
            } catch (RuntimeException e) {
                throw new IllegalArgumentException(
                        connectionFile + ": not a Jupyter connection file: " + e.getMessage(), e);
            }
            exitWithParent();
            JupyterConnection connection = new JupyterConnection(props);
            KsiKernel kernel = new KsiKernel(Path.of("").toAbsolutePath(), "0.1.0");
            kernel.onStartup();
            kernel.becomeHandlerForConnection(connection);
            connection.connect();
            connection.waitUntilClose();
            return 0;
        }

        /** A kernel whose Jupyter died without a shutdown request would live on; jupyter_client names its pid. */
        private static void exitWithParent() {
            String parent = System.getenv("JPY_PARENT_PID");
            if (parent == null || !parent.matches("\\d+")) {
                return;
            }
            ProcessHandle.of(Long.parseLong(parent))
                    .ifPresent(p -> p.onExit().thenRun(() -> {
                        System.err.println("ksi kernel: Jupyter (pid " + parent + ") is gone; exiting");
                        Runtime.getRuntime().halt(1);
                    }));
        }
    }
}
