package io.ksi.notebooks;

import com.google.gson.GsonBuilder;
import io.ksi.bridge.AtomicFiles;
import io.ksi.bridge.NativeAllocator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The kernelspec that tells Jupyter how to start the ksi kernel: {@code DATA/kernels/ksi/kernel.json}, where DATA is
 * Jupyter's data folder for the user (JUPYTER_DATA_DIR, else XDG_DATA_HOME/jupyter, else ~/.local/share/jupyter) or
 * {@code PREFIX/share/jupyter} for an environment, the same places {@code jupyter kernelspec install} writes.
 */
public record KernelSpec(Path dir) {
    public static final String NAME = "ksi";

    /** The user's kernelspec folder, from the environment given (System.getenv() in use). */
    public static KernelSpec user(Map<String, String> env) {
        String data = env.get("JUPYTER_DATA_DIR");
        Path base;
        if (data != null && !data.isBlank()) {
            base = Path.of(data);
        } else if (env.get("XDG_DATA_HOME") != null && !env.get("XDG_DATA_HOME").isBlank()) {
            base = Path.of(env.get("XDG_DATA_HOME"), "jupyter");
        } else {
            base = Path.of(System.getProperty("user.home"), ".local", "share", "jupyter");
        }
        return new KernelSpec(base.resolve("kernels").resolve(NAME));
    }

    /** The kernelspec folder of an environment (a virtualenv, conda env or /usr/local). */
    public static KernelSpec prefix(Path prefix) {
        return new KernelSpec(
                prefix.resolve("share").resolve("jupyter").resolve("kernels").resolve(NAME));
    }

    public Path file() {
        return dir.resolve("kernel.json");
    }

    /**
     * The kernel.json contents: the launcher (which builds the project if needed and sets -Dksi.root), interrupts as
     * messages (the kernel stops the running cell; no signal reaches the JVM), and the environment with the native
     * allocator setting and the engines' thread counts.
     */
    public static Map<String, Object> contents(Path launcher, int threads) {
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("argv", List.of(launcher.toAbsolutePath().toString(), "jupyter", "kernel", "{connection_file}"));
        spec.put("display_name", "Java (ksi)");
        spec.put("language", "java");
        spec.put("interrupt_mode", "message");
        Map<String, String> env = new LinkedHashMap<>();
        env.put("GLIBC_TUNABLES", NativeAllocator.RECOMMENDED);
        env.put(
                "KSI_JAVA_OPTS",
                "-Dai.djl.pytorch.num_threads=" + threads + " -Dai.djl.pytorch.num_interop_threads=1"
                        + " -Dai.djl.onnxruntime.num_threads=" + threads);
        spec.put("env", env);
        spec.put(
                "metadata",
                Map.of("ksi_root", launcher.toAbsolutePath().getParent().toString()));
        return spec;
    }

    /** Writes kernel.json (atomically: a failed install leaves the previous one in place). */
    public void install(Path launcher, int threads) {
        String json = new GsonBuilder()
                        .setPrettyPrinting()
                        .disableHtmlEscaping()
                        .create()
                        .toJson(contents(launcher, threads))
                + "\n";
        AtomicFiles.writeString(file(), json);
    }

    /** Removes the kernelspec; false if there was none. */
    public boolean uninstall() {
        if (!Files.isDirectory(dir)) {
            return false;
        }
        try (var files = Files.list(dir)) {
            for (Path f : files.toList()) {
                Files.delete(f);
            }
            Files.delete(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove " + dir, e);
        }
        return true;
    }
}
