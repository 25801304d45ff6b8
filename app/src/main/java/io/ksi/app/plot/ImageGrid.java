package io.ksi.app.plot;

import ai.djl.ndarray.types.Shape;
import io.ksi.bridge.AtomicFiles;
import java.awt.image.BufferedImage;
import java.nio.file.Path;

/** Tiles image samples [N, C, H, W] (C = 1 or 3, values in [-1, 1]) into one picture. */
public final class ImageGrid {
    private ImageGrid() {}

    public static boolean isImageShape(Shape sampleShape) {
        return sampleShape.dimension() == 3 && (sampleShape.get(0) == 1 || sampleShape.get(0) == 3)
                || sampleShape.dimension() == 2;
    }

    /**
     * @param values N samples, row-major
     * @param columns images per row; 0 picks a near-square layout
     * @param scale pixel magnification
     */
    public static BufferedImage render(float[] values, Shape sampleShape, int columns, int scale) {
        if (!isImageShape(sampleShape)) {
            throw new IllegalArgumentException(
                    "not an image shape: " + sampleShape + " (expected [C, H, W] or [H, W])");
        }
        boolean hasChannels = sampleShape.dimension() == 3;
        int c = hasChannels ? (int) sampleShape.get(0) : 1;
        int h = (int) sampleShape.get(hasChannels ? 1 : 0);
        int w = (int) sampleShape.get(hasChannels ? 2 : 1);
        int d = c * h * w;
        int n = values.length / d;
        int cols = columns > 0 ? columns : (int) Math.ceil(Math.sqrt(n));
        int rows = (n + cols - 1) / cols;
        int pad = 2;
        BufferedImage img = new BufferedImage(
                cols * (w * scale + pad) + pad, rows * (h * scale + pad) + pad, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                img.setRGB(x, y, 0x404040);
            }
        }
        for (int k = 0; k < n; k++) {
            int ox = pad + (k % cols) * (w * scale + pad);
            int oy = pad + (k / cols) * (h * scale + pad);
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    int rgb = 0;
                    for (int ch = 0; ch < 3; ch++) {
                        float v = values[k * d + (c == 3 ? ch : 0) * h * w + y * w + x];
                        int b = (int) Math.round(Math.max(0, Math.min(1, (v + 1) / 2)) * 255);
                        rgb = (rgb << 8) | b;
                    }
                    for (int sy = 0; sy < scale; sy++) {
                        for (int sx = 0; sx < scale; sx++) {
                            img.setRGB(ox + x * scale + sx, oy + y * scale + sy, rgb);
                        }
                    }
                }
            }
        }
        return img;
    }

    /** The grid with a label left of each of its rows (as many labels as rows), in black on white. */
    public static BufferedImage withRowLabels(BufferedImage grid, java.util.List<String> labels) {
        java.awt.Font font = new java.awt.Font(java.awt.Font.SANS_SERIF, java.awt.Font.PLAIN, 12);
        BufferedImage probe = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
        java.awt.FontMetrics fm = probe.createGraphics().getFontMetrics(font);
        int margin = labels.stream().mapToInt(fm::stringWidth).max().orElse(0) + 12;
        BufferedImage out = new BufferedImage(margin + grid.getWidth(), grid.getHeight(), BufferedImage.TYPE_INT_RGB);
        java.awt.Graphics2D g = out.createGraphics();
        g.setColor(java.awt.Color.WHITE);
        g.fillRect(0, 0, out.getWidth(), out.getHeight());
        g.drawImage(grid, margin, 0, null);
        g.setColor(java.awt.Color.BLACK);
        g.setFont(font);
        g.setRenderingHint(
                java.awt.RenderingHints.KEY_TEXT_ANTIALIASING, java.awt.RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        double row = (double) grid.getHeight() / labels.size();
        for (int i = 0; i < labels.size(); i++) {
            g.drawString(labels.get(i), 6, (int) Math.round(row * (i + 0.5) + fm.getAscent() / 2.0 - 1));
        }
        g.dispose();
        return out;
    }

    public static void write(Path png, float[] values, Shape sampleShape, int columns, int scale) {
        AtomicFiles.write(png, png(values, sampleShape, columns, scale));
    }

    /** The grid's PNG bytes, to stage with other outputs ({@link AtomicFiles.Batch}). */
    public static AtomicFiles.Content png(float[] values, Shape sampleShape, int columns, int scale) {
        return AtomicFiles.pngOf(render(values, sampleShape, columns, scale));
    }
}
