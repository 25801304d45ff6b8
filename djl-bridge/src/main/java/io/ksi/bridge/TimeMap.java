package io.ksi.bridge;

/**
 * Converts ksi's time t in [0, 1] (noise at 0, data at 1) into the time a checkpoint was trained with: {@code t_model =
 * scale * (reverse ? 1 - t : t) + shift}. Example: a diffusion model indexed 0..1000 with data at 0 uses {@code reverse
 * = true, scale = 1000}.
 */
public record TimeMap(double scale, double shift, boolean reverse) {
    public static final TimeMap IDENTITY = new TimeMap(1, 0, false);

    public TimeMap {
        if (!Double.isFinite(scale) || !Double.isFinite(shift) || scale == 0) {
            throw new IllegalArgumentException("time map needs a finite non-zero scale and a finite shift, got scale="
                    + scale + " shift=" + shift);
        }
    }

    public double apply(double t) {
        return scale * (reverse ? 1 - t : t) + shift;
    }

    public boolean isIdentity() {
        return scale == 1 && shift == 0 && !reverse;
    }

    @Override
    public String toString() {
        return isIdentity()
                ? "t"
                : (scale == 1 ? "" : scale + "*") + (reverse ? "(1-t)" : "t") + (shift == 0 ? "" : "+" + shift);
    }
}
