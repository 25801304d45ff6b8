package io.ksi.notebooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NotebookRunnerTest {
    @TempDir
    Path tmp;

    private static String notebook(String... cells) {
        StringBuilder b = new StringBuilder("{\"cells\":[");
        for (int i = 0; i < cells.length; i++) {
            b.append(i == 0 ? "" : ",")
                    .append("{\"cell_type\":\"code\",\"metadata\":{},\"outputs\":[],\"execution_count\":null,")
                    .append("\"source\":")
                    .append(new com.google.gson.Gson().toJson(cells[i]))
                    .append("}");
        }
        return b.append("],\"metadata\":{},\"nbformat\":4,\"nbformat_minor\":5}")
                .toString();
    }

    /** ksi notebook run leaves a tracked notebook as it is and writes the executed one beside it, unless asked. */
    @Test
    void theCommandWritesBesideTheNotebookUnlessAskedToWriteInPlace() throws Exception {
        Path nb = tmp.resolve("beside.ipynb");
        String source = notebook("System.out.println(\"hi\");");
        Files.writeString(nb, source);
        assertEquals(0, io.ksi.app.cli.Ksi.run("notebook", "run", nb.toString()));
        assertEquals(source, Files.readString(nb), "the notebook itself is untouched");
        assertTrue(Files.readString(tmp.resolve("beside.executed.ipynb")).contains("hi\\n"));
        assertEquals(0, io.ksi.app.cli.Ksi.run("notebook", "run", "--in-place", nb.toString()));
        assertTrue(Files.readString(nb).contains("hi\\n"), "--in-place writes the outputs into it");
    }

    @Test
    void cellsRunInOrderAndOutputsAreWrittenBack() throws Exception {
        Path nb = tmp.resolve("a.ipynb");
        Files.writeString(
                nb,
                notebook(
                        "%classpath *.ipynb\nint x = 20;\nSystem.out.println(\"x=\" + x);",
                        "x + 22",
                        "io.ksi.notebooks.Display.show(new java.awt.image.BufferedImage(4, 3, "
                                + "java.awt.image.BufferedImage.TYPE_INT_RGB));"));
        try (NotebookRunner r = new NotebookRunner()) {
            r.runNotebook(nb, nb);
        }
        JsonArray cells =
                JsonParser.parseString(Files.readString(nb)).getAsJsonObject().getAsJsonArray("cells");
        JsonObject first = cells.get(0).getAsJsonObject();
        assertEquals(1, first.get("execution_count").getAsInt());
        assertEquals(
                "x=20\n",
                first.getAsJsonArray("outputs")
                        .get(0)
                        .getAsJsonObject()
                        .getAsJsonArray("text")
                        .get(0)
                        .getAsString());
        JsonObject value =
                cells.get(1).getAsJsonObject().getAsJsonArray("outputs").get(0).getAsJsonObject();
        assertEquals("execute_result", value.get("output_type").getAsString());
        assertEquals(
                "42",
                value.getAsJsonObject("data")
                        .getAsJsonArray("text/plain")
                        .get(0)
                        .getAsString());
        JsonObject image =
                cells.get(2).getAsJsonObject().getAsJsonArray("outputs").get(0).getAsJsonObject();
        assertEquals("display_data", image.get("output_type").getAsString());
        assertTrue(image.getAsJsonObject("data").get("image/png").getAsString().startsWith("iVBOR"));
    }

    @Test
    void firstFailingCellStopsTheRunAndIsReported() throws Exception {
        Path nb = tmp.resolve("b.ipynb");
        Files.writeString(nb, notebook("int y = 1;", "y.undefinedMethod()", "System.out.println(\"never\");"));
        NotebookRunner.CellFailure f;
        try (NotebookRunner r = new NotebookRunner()) {
            f = assertThrows(NotebookRunner.CellFailure.class, () -> r.runNotebook(nb, nb));
        }
        assertTrue(f.getMessage().contains("cell 2") && f.getMessage().contains("does not compile"), f.getMessage());
        JsonArray cells =
                JsonParser.parseString(Files.readString(nb)).getAsJsonObject().getAsJsonArray("cells");
        assertEquals(
                "error",
                cells.get(1)
                        .getAsJsonObject()
                        .getAsJsonArray("outputs")
                        .get(0)
                        .getAsJsonObject()
                        .get("output_type")
                        .getAsString());
        assertEquals(0, cells.get(2).getAsJsonObject().getAsJsonArray("outputs").size());
        Path script = tmp.resolve("s.jsh");
        Files.writeString(script, "int z = 3;\nif (z == 3) throw new IllegalStateException(\"boom\");\n/exit\n");
        try (NotebookRunner r = new NotebookRunner()) {
            NotebookRunner.CellFailure g = assertThrows(NotebookRunner.CellFailure.class, () -> r.runScript(script));
            assertTrue(g.getMessage().contains("IllegalStateException: boom"), g.getMessage());
        }
    }

    @Test
    void aCopyInAnotherFolderFindsTheProjectsImportsAndFiles() throws Exception {
        // quickstart's first cell, run from a folder that has no startup.jsh and no target/: what used to fail with
        // "cannot find symbol: variable Path"
        Path nb = tmp.resolve("copy.ipynb");
        Files.writeString(
                nb,
                notebook(
                        "%classpath target/classes\n%classpath target/lib/*.jar\n%load startup.jsh",
                        "Path fixtures = Path.of(System.getProperty(\"ksi.root\")).resolve(\"models/fixtures\");\n"
                                + "Files.isRegularFile(fixtures.resolve(\"gauss_plus.pt\"))"));
        String before = System.getProperty("ksi.root");
        System.setProperty(
                "ksi.root", Path.of("..").toAbsolutePath().normalize().toString());
        try (NotebookRunner r = new NotebookRunner()) {
            r.runNotebook(nb, nb);
        } finally {
            if (before == null) {
                System.clearProperty("ksi.root");
            } else {
                System.setProperty("ksi.root", before);
            }
        }
        JsonObject value = JsonParser.parseString(Files.readString(nb))
                .getAsJsonObject()
                .getAsJsonArray("cells")
                .get(1)
                .getAsJsonObject()
                .getAsJsonArray("outputs")
                .get(0)
                .getAsJsonObject();
        assertEquals(
                "true",
                value.getAsJsonObject("data")
                        .getAsJsonArray("text/plain")
                        .get(0)
                        .getAsString());
    }

    @Test
    void magicsTheRunnerCannotHonourAreErrorsNamingThem() throws Exception {
        Path nb = tmp.resolve("m.ipynb");
        Files.writeString(nb, notebook("%%loadFromPOM\n<dependency/>"));
        try (NotebookRunner r = new NotebookRunner()) {
            NotebookRunner.CellFailure f = assertThrows(NotebookRunner.CellFailure.class, () -> r.runNotebook(nb, nb));
            assertTrue(f.getMessage().contains("cell magic %%loadFromPOM is not supported"), f.getMessage());
        }
        Files.writeString(nb, notebook("%classpath no/such/dir"));
        try (NotebookRunner r = new NotebookRunner()) {
            NotebookRunner.CellFailure f = assertThrows(NotebookRunner.CellFailure.class, () -> r.runNotebook(nb, nb));
            assertTrue(f.getMessage().contains("%classpath no/such/dir: nothing there in [" + tmp), f.getMessage());
        }
    }
}
