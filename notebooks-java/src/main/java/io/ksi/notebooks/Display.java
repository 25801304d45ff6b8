package io.ksi.notebooks;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.function.Consumer;
import javax.imageio.ImageIO;

/**
 * Pictures shown by notebook cells. Under {@code ksi notebook run} they are collected and written into the notebook as
 * image/png outputs; the ksi kernel sends them to Jupyter as they are shown; in JJava/IJava the image returned as a
 * cell's last expression renders by itself.
 */
public final class Display {
    private static final List<String> PENDING = new ArrayList<>();
    private static Consumer<String> sink;

    private Display() {}

    private static int saved;

    /**
     * Shows an image and returns it, so that it can also be a cell's last expression. In plain JShell, where nothing
     * can be drawn, the picture is saved under the folder named by -Dksi.display.dir (./ksi jshell sets out/jshell).
     */
    public static synchronized BufferedImage show(BufferedImage image) {
        try (ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            ImageIO.write(image, "png", out);
            String png = Base64.getEncoder().encodeToString(out.toByteArray());
            if (sink != null) {
                sink.accept(png);
            } else {
                PENDING.add(png);
            }
            String dir = System.getProperty("ksi.display.dir");
            if (dir != null) {
                java.nio.file.Path file = java.nio.file.Path.of(dir, String.format("figure-%02d.png", ++saved));
                io.ksi.bridge.AtomicFiles.writeBytes(file, out.toByteArray());
                System.out.println("figure saved: " + file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return image;
    }

    /** Sends every picture shown from now on straight to {@code target} (the ksi kernel); null to collect again. */
    public static synchronized void sendTo(Consumer<String> target) {
        sink = target;
    }

    /** Base64 PNGs shown since the last call (the runner drains this after every cell). */
    public static synchronized List<String> drain() {
        List<String> out = new ArrayList<>(PENDING);
        PENDING.clear();
        return out;
    }
}
