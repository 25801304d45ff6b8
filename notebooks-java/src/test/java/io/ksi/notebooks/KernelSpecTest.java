package io.ksi.notebooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.ksi.bridge.NativeAllocator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KernelSpecTest {
    @TempDir
    Path tmp;

    @Test
    void goesWhereJupyterLooks() {
        assertEquals(
                Path.of("/data/kernels/ksi"),
                KernelSpec.user(Map.of("JUPYTER_DATA_DIR", "/data", "XDG_DATA_HOME", "/xdg"))
                        .dir());
        assertEquals(
                Path.of("/xdg/jupyter/kernels/ksi"),
                KernelSpec.user(Map.of("XDG_DATA_HOME", "/xdg")).dir());
        assertEquals(
                Path.of(System.getProperty("user.home"), ".local/share/jupyter/kernels/ksi"),
                KernelSpec.user(Map.of()).dir());
        assertEquals(
                Path.of("/venv/share/jupyter/kernels/ksi"),
                KernelSpec.prefix(Path.of("/venv")).dir());
    }

    /** A prefix outside Jupyter's own search path needs JUPYTER_PATH: the run hint gives it, and the threads fixed. */
    @Test
    void installSaysHowToRunFromAPrefixAndHowManyThreads() {
        java.nio.file.Path prefix = java.nio.file.Path.of("/opt/env");
        String said = JupyterCommands.installed(KernelSpec.prefix(prefix), prefix, 6);
        assertTrue(said.contains("run: JUPYTER_PATH=/opt/env/share/jupyter jupyter nbconvert"), said);
        assertTrue(said.contains("engines use 6 threads") && said.contains("--threads N"), said);
        String user = JupyterCommands.installed(KernelSpec.prefix(prefix), null, 2);
        assertTrue(user.contains("run: jupyter nbconvert"), user);
    }

    @Test
    void installWritesALaunchableSpecAndUninstallRemovesIt() throws Exception {
        KernelSpec spec = KernelSpec.user(Map.of("JUPYTER_DATA_DIR", tmp.toString()));
        spec.install(Path.of("/opt/ksi/ksi"), 3);
        JsonObject json = JsonParser.parseString(Files.readString(tmp.resolve("kernels/ksi/kernel.json")))
                .getAsJsonObject();
        assertEquals(
                "[\"/opt/ksi/ksi\",\"jupyter\",\"kernel\",\"{connection_file}\"]",
                json.get("argv").toString());
        assertEquals("java", json.get("language").getAsString());
        assertEquals("message", json.get("interrupt_mode").getAsString());
        JsonObject env = json.getAsJsonObject("env");
        assertEquals(NativeAllocator.RECOMMENDED, env.get("GLIBC_TUNABLES").getAsString());
        assertTrue(env.get("KSI_JAVA_OPTS").getAsString().contains("-Dai.djl.pytorch.num_threads=3"));
        assertTrue(spec.uninstall());
        assertFalse(Files.exists(spec.dir()));
        assertFalse(spec.uninstall(), "nothing left to remove");
    }
}
