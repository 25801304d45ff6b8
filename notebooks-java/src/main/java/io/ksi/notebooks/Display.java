package io.ksi.notebooks;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * Pictures shown by notebook cells. Under {@code ksi notebook run} they are collected and written into the notebook
 * as image/png outputs; in Jupyter (JJava/IJava) the image returned as a cell's last expression renders by itself.
 */
public final class Display {
    private static final List<String> PENDING = new ArrayList<>();

    private Display() {
    }

    /** Shows an image and returns it, so that it can also be a cell's last expression. */
    public static synchronized BufferedImage show(BufferedImage image) {
        try (ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            ImageIO.write(image, "png", out);
            PENDING.add(Base64.getEncoder().encodeToString(out.toByteArray()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return image;
    }

    /** Base64 PNGs shown since the last call (the runner drains this after every cell). */
    public static synchronized List<String> drain() {
        List<String> out = new ArrayList<>(PENDING);
        PENDING.clear();
        return out;
    }
}
