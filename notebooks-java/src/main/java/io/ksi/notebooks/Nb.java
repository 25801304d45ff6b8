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
