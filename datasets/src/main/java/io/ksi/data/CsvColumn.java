package io.ksi.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** One numeric column of a comma-separated file with a header line (prices, readings...). */
public final class CsvColumn {
    private CsvColumn() {}

    public static double[] read(Path file, String column) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException(file + ": file not found");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        if (lines.isEmpty()) {
            throw new IllegalArgumentException(file + ": empty file, expected a header line and numeric rows");
        }
        String[] header = split(lines.get(0));
        int col = -1;
        for (int i = 0; i < header.length; i++) {
            if (header[i].equals(column)) {
                col = i;
            }
        }
        if (col < 0) {
            throw new IllegalArgumentException(
                    file + ": no column '" + column + "'; the header has " + Arrays.toString(header));
        }
        List<Double> out = new ArrayList<>();
        for (int ln = 1; ln < lines.size(); ln++) {
            String line = lines.get(ln).trim();
            if (line.isEmpty()) {
                continue;
            }
            String[] cells = split(line);
            if (col >= cells.length) {
                throw new IllegalArgumentException(file + ":" + (ln + 1) + ": row has " + cells.length
                        + " cells, column '" + column + "' is number " + (col + 1));
            }
            try {
                double v = Double.parseDouble(cells[col]);
                if (!Double.isFinite(v)) {
                    throw new NumberFormatException();
                }
                out.add(v);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(file + ":" + (ln + 1) + ": column '" + column + "' holds '"
                        + cells[col] + "', expected a finite number");
            }
        }
        return out.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /** r_n = log(p_{n+1} / p_n); every price must be positive. */
    public static double[] logReturns(double[] prices, String what) {
        if (prices.length < 2) {
            throw new IllegalArgumentException(what + ": need at least two prices for a return, got " + prices.length);
        }
        double[] r = new double[prices.length - 1];
        for (int i = 0; i < r.length; i++) {
            if (!(prices[i] > 0) || !(prices[i + 1] > 0)) {
                throw new IllegalArgumentException(what + ": price " + (prices[i] > 0 ? prices[i + 1] : prices[i])
                        + " at row " + (prices[i] > 0 ? i + 2 : i + 1)
                        + " is not positive; log-returns need positive prices");
            }
            r[i] = Math.log(prices[i + 1] / prices[i]);
        }
        return r;
    }

    private static String[] split(String line) {
        String[] c = line.split(",", -1);
        for (int i = 0; i < c.length; i++) {
            c[i] = c[i].trim().replace("\"", "");
        }
        return c;
    }
}
