package io.ksi.notebooks;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import io.ksi.app.plot.ImageGrid;
import io.ksi.app.plot.Plots;
import io.ksi.bridge.Progress;
import io.ksi.ensemble.KernelEnsemble;
import java.awt.image.BufferedImage;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;

/** Short helpers for notebook cells: inline grids and charts, notebook-friendly progress. */
public final class Nb {
    private Nb() {}

    /** Image samples [N, C, H, W] in [-1, 1] as an inline grid. */
    public static BufferedImage grid(NDArray samples, int columns) {
        Shape s = samples.getShape();
        return Display.show(ImageGrid.render(samples.toFloatArray(), s.slice(1), columns, 2));
    }

    public static BufferedImage grid(NDArray samples) {
        return grid(samples, 8);
    }

    /** Image samples as an inline grid under a caption that says what they are. */
    public static BufferedImage grid(NDArray samples, String caption) {
        Shape s = samples.getShape();
        BufferedImage g = ImageGrid.render(samples.toFloatArray(), s.slice(1), 8, 2);
        java.awt.Font font = new java.awt.Font(java.awt.Font.SANS_SERIF, java.awt.Font.PLAIN, 13);
        int h = 22;
        BufferedImage out = new BufferedImage(g.getWidth(), g.getHeight() + h, BufferedImage.TYPE_INT_RGB);
        java.awt.Graphics2D d = out.createGraphics();
        d.setColor(java.awt.Color.WHITE);
        d.fillRect(0, 0, out.getWidth(), h);
        d.setColor(java.awt.Color.BLACK);
        d.setFont(font);
        d.setRenderingHint(
                java.awt.RenderingHints.KEY_TEXT_ANTIALIASING, java.awt.RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        d.drawString(caption, 4, 16);
        d.drawImage(g, 0, h, null);
        d.dispose();
        return Display.show(out);
    }

    /** Any XChart chart, inline. */
    public static BufferedImage chart(XYChart chart) {
        return Display.show(BitmapEncoder.getBufferedImage(chart));
    }

    /** eta_i(t) of an ensemble, inline. */
    public static BufferedImage eta(KernelEnsemble e) {
        return chart(Plots.eta(e));
    }

    /** Progress as a few plain lines (no carriage returns), which read well in notebook outputs. */
    public static Progress progress() {
        return (name, total) -> new Progress.Task() {
            private long done;
            private long nextReport = Math.max(1, total / 4);

            @Override
            public void step(long n) {
                done += n;
                if (done >= nextReport || done == total) {
                    System.out.printf("%s: %d/%d%n", name, done, total);
                    nextReport += Math.max(1, total / 4);
                }
            }

            @Override
            public void close() {}
        };
    }
}
