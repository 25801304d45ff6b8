package io.ksi.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.types.Shape;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxReaderTest {
    @TempDir
    Path tmp;

    private Path write(String name, int magicDims, int[] dims, byte[] body, boolean gzip) throws IOException {
        Path p = tmp.resolve(name);
        try (OutputStream raw = Files.newOutputStream(p);
                OutputStream o = gzip ? new GZIPOutputStream(raw) : raw;
                DataOutputStream d = new DataOutputStream(o)) {
            d.writeInt(0x0800 | magicDims);
            for (int x : dims) {
                d.writeInt(x);
            }
            d.write(body);
        }
        return p;
    }

    @Test
    void readsImagesAndLabelsPlainAndGzipped() throws IOException {
        byte[] px = new byte[2 * 2 * 3];
        for (int i = 0; i < px.length; i++) {
            px[i] = (byte) (i * 20);
        }
        px[5] = (byte) 255;
        for (boolean gz : new boolean[] {false, true}) {
            Dataset d = IdxReader.images(write("img" + gz, 3, new int[] {2, 2, 3}, px, gz));
            assertEquals(2, d.size());
            assertEquals(new Shape(1, 2, 3), d.sampleShape());
            float[] v = d.toFloatArray();
            assertEquals(-1f, v[0], 0);
            assertEquals(1f, v[5], 0);
            assertEquals(20 / 127.5f - 1, v[1], 1e-6);
            int[] labels = IdxReader.labels(write("lab" + gz, 1, new int[] {3}, new byte[] {7, 0, 9}, gz));
            assertArrayEquals(new int[] {7, 0, 9}, labels);
        }
        Dataset t = IdxReader.imagesTransposed(write("emnist", 3, new int[] {2, 2, 3}, px, false));
        assertEquals(new Shape(1, 3, 2), t.sampleShape());
        assertEquals(IdxReader.images(tmp.resolve("imgfalse")).toFloatArray()[1], t.toFloatArray()[2], 0);
    }

    @Test
    void badFilesAreNamedWithWhatWasExpected() throws IOException {
        Path truncated = write("short", 3, new int[] {5, 28, 28}, new byte[10], false);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> IdxReader.images(truncated));
        assertTrue(e.getMessage().contains("short") && e.getMessage().contains("truncated"), e.getMessage());
        Path labels = write("labels", 1, new int[] {3}, new byte[3], false);
        e = assertThrows(IllegalArgumentException.class, () -> IdxReader.images(labels));
        assertTrue(e.getMessage().contains("expected an image file"), e.getMessage());
        Path junk = tmp.resolve("junk");
        Files.writeString(junk, "hello world, not idx");
        e = assertThrows(IllegalArgumentException.class, () -> IdxReader.images(junk));
        assertTrue(e.getMessage().contains("not an unsigned-byte IDX file"), e.getMessage());
    }
}
