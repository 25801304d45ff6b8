package io.ksi.bridge;

/**
 * How models are loaded and evaluated.
 *
 * @param device "auto" (GPU when DJL reports one, else CPU), "cpu", "gpu" or "gpu:N"
 * @param maxBatch larger batches are evaluated in chunks of this size
 * @param warmup run dummy batches of maxBatch at load, so the first real call is not the slow profiling one
 * @param checkFinite fail on NaN/Inf outputs, naming the model and t
 * @param trainable load TorchScript weights as ordinary tensors (needed for autograd through the model and for
 *     training); the default loads them as inference tensors
 */
public record LoadOptions(String device, int maxBatch, boolean warmup, boolean checkFinite, boolean trainable) {
    public static final LoadOptions DEFAULT = new LoadOptions("auto", 256, false, true, false);

    public LoadOptions {
        device = device == null ? "auto" : device;
        if (maxBatch < 1) {
            throw new IllegalArgumentException("maxBatch must be >= 1, got " + maxBatch);
        }
    }

    public LoadOptions withDevice(String d) {
        return new LoadOptions(d, maxBatch, warmup, checkFinite, trainable);
    }

    public LoadOptions withMaxBatch(int b) {
        return new LoadOptions(device, b, warmup, checkFinite, trainable);
    }

    public LoadOptions withWarmup(boolean w) {
        return new LoadOptions(device, maxBatch, w, checkFinite, trainable);
    }

    public LoadOptions withTrainable(boolean t) {
        return new LoadOptions(device, maxBatch, warmup, checkFinite, t);
    }
}
