package io.ksi.app.demo;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.ksi.app.plot.ImageGrid;
import io.ksi.bridge.AtomicFiles;
import io.ksi.bridge.Npy;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.Arrays;
import java.util.List;

/** What both demos write the same way: sample files on [0, 1] and the headline picture of labelled 8 x 8 panels. */
final class DemoPictures {
    /** One panel of the headline: its title and the samples (the first 64 are drawn). */
    record Panel(String title, float[] samples) {}

    private DemoPictures() {}

    /** Samples on [-1, 1] as a float32 .npy [N, ...image] on [0, 1], the file format. */
    static AtomicFiles.Content npy(float[] samples, Shape image) {
        float[] v = new float[samples.length];
        for (int i = 0; i < v.length; i++) {
            v[i] = Math.max(0f, Math.min(1f, (samples[i] + 1) / 2));
        }
        try (NDManager nd = NDManager.newBaseManager("PyTorch")) {
            // Npy.content encodes at once, so the array may close before the batch writes the bytes
            return Npy.content(nd.create(v, new Shape(v.length / image.size()).addAll(image)));
        }
    }

    /** The panels side by side, each an 8 x 8 grid magnified {@code scale} times under its title. */
    static BufferedImage headline(List<Panel> panels, Shape image, int scale) {
        int d = (int) image.size();
        int panel = 8 * ((int) image.get(2) * scale + 2) + 2;
        int title = 26;
        int gap = 12;
        BufferedImage img = new BufferedImage(
                panels.size() * (panel + gap) + gap, panel + title + 2 * gap, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, img.getWidth(), img.getHeight());
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
        for (int k = 0; k < panels.size(); k++) {
            Panel p = panels.get(k);
            int x = gap + k * (panel + gap);
            g.setColor(Color.BLACK);
            g.drawString(p.title(), x, gap + 16);
            float[] first = Arrays.copyOf(p.samples(), Math.min(p.samples().length, 64 * d));
            g.drawImage(ImageGrid.render(first, image, 8, scale), x, gap + title, null);
        }
        g.dispose();
        return img;
    }
}
