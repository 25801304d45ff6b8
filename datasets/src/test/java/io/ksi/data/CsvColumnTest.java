package io.ksi.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvColumnTest {
    @TempDir
    Path dir;

    @Test
    void readsAColumnAndItsLogReturns() throws Exception {
        Path f = dir.resolve("p.csv");
        Files.writeString(f, "day,A,B\n1,100,5\n2,110,6\n\n3,99,7\n");
        assertArrayEquals(new double[] {5, 6, 7}, CsvColumn.read(f, "B"));
        double[] r = CsvColumn.logReturns(CsvColumn.read(f, "A"), "A");
        assertEquals(Math.log(1.1), r[0], 1e-15);
        assertEquals(Math.log(99.0 / 110), r[1], 1e-15);
    }

    @Test
    void errorsNameTheFileLineAndColumn() throws Exception {
        Path f = dir.resolve("bad.csv");
        Files.writeString(f, "day,A\n1,100\n2,abc\n");
        var e = assertThrows(IllegalArgumentException.class, () -> CsvColumn.read(f, "A"));
        assertTrue(e.getMessage().contains("bad.csv:3") && e.getMessage().contains("abc"), e.getMessage());
        var missing = assertThrows(IllegalArgumentException.class, () -> CsvColumn.read(f, "DAX"));
        assertTrue(missing.getMessage().contains("no column 'DAX'"), missing.getMessage());
        var neg = assertThrows(IllegalArgumentException.class, () -> CsvColumn.logReturns(new double[] {1, 0, 2}, "X"));
        assertTrue(neg.getMessage().contains("not positive"), neg.getMessage());
    }

    @Test
    void theShippedDaxSeriesHas1859Returns() {
        Path csv = Path.of(System.getProperty("ksi.root", "..")).resolve("data/eustockmarkets.csv");
        assertEquals(1859, CsvColumn.logReturns(CsvColumn.read(csv, "DAX"), "DAX").length);
    }
}
