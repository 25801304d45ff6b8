package io.ksi.notebooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import io.ksi.notebooks.JupyterWireClient.Execution;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.UUID;
import org.dflib.jjava.jupyter.channels.JupyterConnection;
import org.dflib.jjava.jupyter.kernel.KernelConnectionProperties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The ksi kernel over Jupyter's real wire protocol (ZeroMQ on loopback, signed messages), driven by its own client. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(300)
class KsiKernelTest {
    @TempDir
    static Path folder;

    private JupyterConnection connection;
    private Thread kernelThread;
    private JupyterWireClient client;

    @BeforeAll
    void start() throws Exception {
        // as the ksi launcher does: the project's startup.jsh is found from a notebook in any folder
        System.setProperty(
                "ksi.root", Path.of("..").toAbsolutePath().normalize().toString());
        int[] ports = new int[5];
        for (int i = 0; i < ports.length; i++) {
            try (ServerSocket s = new ServerSocket(0)) {
                ports[i] = s.getLocalPort();
            }
        }
        String key = UUID.randomUUID().toString();
        KernelConnectionProperties props = new KernelConnectionProperties(
                "127.0.0.1", ports[0], ports[1], ports[2], ports[3], ports[4], "tcp", "hmac-sha256", key);
        connection = new JupyterConnection(props);
        KsiKernel kernel = new KsiKernel(folder, "test");
        kernel.onStartup();
        kernel.becomeHandlerForConnection(connection);
        connection.connect();
        kernelThread = new Thread(connection::waitUntilClose, "kernel");
        kernelThread.start();
        client = new JupyterWireClient("127.0.0.1", ports[1], ports[0], ports[4], key);
        JsonObject info = client.handshake();
        assertEquals("java", info.getAsJsonObject("language_info").get("name").getAsString());
    }

    @Test
    @Order(1)
    void streamsAndTheLastValue() {
        Execution e = client.execute("System.out.println(\"to out\"); System.err.println(\"to err\"); 6 * 7");
        assertEquals("ok", e.status(), e.toString());
        assertEquals("to out\n", e.stream("stdout"));
        assertEquals("to err\n", e.stream("stderr"));
        assertEquals("42", e.result());
        Execution printf = client.execute("System.out.printf(\"%d%n\", 5)");
        assertEquals("5\n", printf.stream("stdout"));
        assertTrue(printf.of("execute_result").isEmpty(), "printf's PrintStream is not a result worth showing");
    }

    @Test
    @Order(2)
    void theProjectsImportsAreThereAndPicturesArriveAsPng() {
        // FeatureFields and Nb come from startup.jsh's imports, which the kernel loads before the first cell
        Execution e = client.execute("FeatureFields.class.getSimpleName();\n"
                + "Nb.chart(io.ksi.app.plot.Plots.scatter(\"t\", new float[] {0, 1, 2, 3}, 2, new float[] {1, 2}))");
        assertEquals("ok", e.status(), e.toString());
        assertEquals(1, e.of("display_data").size(), e.toString());
        String png = e.of("display_data")
                .get(0)
                .content()
                .getAsJsonObject("data")
                .get("image/png")
                .getAsString();
        assertTrue(png.startsWith("iVBOR"), "a base64 PNG");
        assertTrue(e.of("execute_result").isEmpty(), "the shown picture is not repeated as a value");
    }

    @Test
    @Order(3)
    void javaErrorsAreJupyterErrorsWithTheJavaMessage() {
        Execution thrown = client.execute("int[] a = new int[2];\na[5] = 1;");
        assertEquals("error", thrown.status());
        String value = thrown.of("error").get(0).content().get("evalue").getAsString();
        assertTrue(value.contains("java.lang.ArrayIndexOutOfBoundsException"), value);
        assertTrue(value.contains("Index 5 out of bounds"), value);
        // the traceback names the cell's line, not JShell's snippet number, and none of the kernel's own frames
        String traceback =
                String.join("\n", asStrings(thrown.of("error").get(0).content().getAsJsonArray("traceback")));
        assertTrue(traceback.contains("at line 2 of this cell"), traceback);
        assertFalse(traceback.contains("snippet") || traceback.contains("io.ksi.notebooks"), traceback);

        client.execute("void boom() {\n  throw new IllegalStateException(\"deep\");\n}");
        Execution later = client.execute("int y = 1;\nboom();");
        String trace =
                String.join("\n", asStrings(later.of("error").get(0).content().getAsJsonArray("traceback")));
        assertTrue(trace.contains("at line 2 of cell run ") && trace.contains("at line 2 of this cell"), trace);

        Execution compile = client.execute("int x = \"text\";");
        assertEquals("error", compile.status());
        // the reply's traceback (what nbconvert prints) holds no frame of the kernel's
        assertEquals(0, compile.reply().getAsJsonArray("traceback").size(), compile.toString());
        assertTrue(compile.reply().get("evalue").getAsString().contains("incompatible types"), compile.toString());

        Execution magic = client.execute("%maven org.example:x:1");
        assertEquals("error", magic.status());
        assertTrue(magic.reply().get("evalue").getAsString().contains("unknown magic %maven"), magic.toString());

        assertEquals("ok", client.execute("1 + 1").status(), "the kernel goes on after errors");
    }

    private static java.util.List<String> asStrings(com.google.gson.JsonArray a) {
        java.util.List<String> out = new java.util.ArrayList<>();
        a.forEach(e -> out.add(e.getAsString()));
        return out;
    }

    @Test
    @Order(4)
    void classpathAndLoadMagicsRunInOrder() throws Exception {
        java.nio.file.Files.writeString(folder.resolve("defs.jsh"), "int answer() { return 41; }\n");
        Execution e = client.execute("%load defs.jsh\nanswer() + 1");
        assertEquals("ok", e.status(), e.toString());
        assertEquals("42", e.result());
        Execution missing = client.execute("%classpath nowhere.jar");
        assertEquals("error", missing.status());
        assertTrue(missing.reply().get("evalue").getAsString().contains("nowhere.jar: nothing there"));
        assertEquals(
                "ok", client.execute("%classpath nowhere/*.jar").status(), "a glob may match nothing, as in JJava");
    }

    @Test
    @Order(5)
    void interruptStopsARunningCell() throws Exception {
        String id = client.send(
                false, "execute_request", JupyterWireClient.executeRequest("long n = 0; while (true) n++;"));
        Thread.sleep(1500);
        client.send(true, "interrupt_request", new JsonObject());
        assertEquals("interrupt_reply", client.reply(true).type());
        client.collectUntilIdle(id);
        JupyterWireClient.Msg reply = client.reply(false);
        assertEquals("error", reply.content().get("status").getAsString(), reply.toString());
        assertTrue(reply.content().get("evalue").getAsString().startsWith("interrupted"), reply.toString());
        assertEquals("ok", client.execute("n > 0").status(), "variables of the stopped cell survive");
    }

    @Test
    @Order(6)
    void completionAndIsComplete() {
        JsonObject c = new JsonObject();
        c.addProperty("code", "int x = ");
        client.send(false, "is_complete_request", c);
        assertEquals("incomplete", client.reply(false).content().get("status").getAsString());
        JsonObject q = new JsonObject();
        q.addProperty("code", "Strin");
        q.addProperty("cursor_pos", 5);
        client.send(false, "complete_request", q);
        JsonObject matches = client.reply(false).content();
        assertTrue(matches.getAsJsonArray("matches").toString().contains("String"), matches.toString());
    }

    @AfterAll
    void shutdown() throws Exception {
        JsonObject c = new JsonObject();
        c.addProperty("restart", false);
        client.send(true, "shutdown_request", c);
        assertEquals("shutdown_reply", client.reply(true).type());
        kernelThread.join(30_000);
        assertFalse(kernelThread.isAlive(), "the kernel's connection closed after shutdown");
        client.close();
        connection.close();
    }
}
