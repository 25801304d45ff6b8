package io.ksi.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.ksi.app.cli.Ksi;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The acceptance, through the CLI: ksi fit --spark 'local[2]' writes the local fit's ensemble file. */
class SparkFitCliTest {
    @TempDir
    Path tmp;

    private JsonObject fit(String name, String... extra) throws Exception {
        Path out = tmp.resolve(name + ".json");
        String[] base = {
            "fit",
            "--models",
            "../models/fixtures/gauss_plus.pt,../models/fixtures/gauss_minus.onnx",
            "--data",
            "../models/fixtures/gauss_target.npy",
            "--pairs",
            "4096",
            "--steps",
            "20",
            "--out",
            out.toString()
        };
        String[] args = new String[base.length + extra.length];
        System.arraycopy(base, 0, args, 0, base.length);
        System.arraycopy(extra, 0, args, base.length, extra.length);
        assertEquals(0, Ksi.run(args), "ksi " + String.join(" ", args));
        return JsonParser.parseString(Files.readString(out)).getAsJsonObject();
    }

    @Test
    void sparkFitWritesTheLocalFitsEnsemble() throws Exception {
        JsonObject local = fit("local");
        JsonObject spark = fit("spark", "--spark", "local[2]", "--partitions", "3");
        assertEquals(local.get("eta"), spark.get("eta"), "eta table, entry for entry");
        assertEquals(local.get("systems"), spark.get("systems"));
        assertEquals(local.get("heldOutSystems"), spark.get("heldOutSystems"));
        assertEquals(local, spark, "the whole ensemble file");
    }
}
