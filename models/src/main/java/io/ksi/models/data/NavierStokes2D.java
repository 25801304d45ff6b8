package io.ksi.models.data;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.SplittableRandom;
import java.util.function.IntConsumer;

/**
 * Turbulence-like 2D fields: the vorticity equation on the periodic square [0, 2 pi)^2, d omega/dt + u . grad omega =
 * nu lap omega - mu omega + f, u = (d psi/dy, -d psi/dx), lap psi = -omega, solved pseudo-spectrally (2/3 dealiasing,
 * integrating factor for the linear terms, Heun for the advection) with white-in-time random forcing on a shell of
 * wavenumbers. Deterministic from the seed: the forcing draws come from a {@link SplittableRandom}. Energy injected at
 * the forcing scale spreads to larger scales (held by the friction mu) and enstrophy to smaller ones (dissipated by
 * nu): a broad power spectrum and intermittent vortices.
 */
public final class NavierStokes2D {
    /**
     * @param size grid points per side
     * @param viscosity nu
     * @param friction mu, the linear damping that stops the inverse cascade
     * @param forceLow lowest forced wavenumber |k|
     * @param forceHigh highest forced wavenumber |k|
     * @param injection forcing strength (variance rate of the forced vorticity modes)
     * @param dt time step
     */
    public record Params(
            int size,
            double viscosity,
            double friction,
            double forceLow,
            double forceHigh,
            double injection,
            double dt) {
        public static Params defaults(int size) {
            return new Params(size, 64.0 / size * 5e-4, 0.1, 3, 5, 1.0, 0.02 * 64.0 / size);
        }

        void check() {
            if (size < 8 || Integer.bitCount(size) != 1) {
                throw new IllegalArgumentException("grid size must be a power of two >= 8, got " + size);
            }
            if (!(viscosity > 0) || !(friction >= 0) || !(dt > 0) || !(injection > 0) || !(forceHigh >= forceLow)) {
                throw new IllegalArgumentException("bad Navier-Stokes parameters " + this);
            }
        }
    }

    private NavierStokes2D() {}

    /**
     * {@code count} snapshots of the vorticity after a spin-up of {@code spinUp} time units, {@code spacing} time units
     * apart, each standardized to mean 0 and standard deviation 1: [count, size, size].
     */
    public static float[][] snapshots(
            Params p, int count, double spinUp, double spacing, long seed, IntConsumer progress) {
        p.check();
        int n = p.size();
        float[][] out = new float[count][];
        SplittableRandom rng = new SplittableRandom(seed);
        try (NDManager base = NDManager.newBaseManager("PyTorch")) {
            Operators ops = new Operators(p, base);
            NDArray w = base.zeros(new Shape(n, n), DataType.FLOAT64).fft2(new long[] {n, n});
            int spinSteps = (int) Math.ceil(spinUp / p.dt());
            int gapSteps = Math.max(1, (int) Math.ceil(spacing / p.dt()));
            int total = spinSteps + (count - 1) * gapSteps;
            int taken = 0;
            for (int step = 1; step <= total; step++) {
                try (NDManager scope = base.newSubManager()) {
                    w.attach(scope); // the previous state dies with the step that replaces it
                    NDArray next = ops.step(w, rng, scope);
                    next.attach(base);
                    w = next;
                }
                if (step >= spinSteps && (step - spinSteps) % gapSteps == 0 && taken < count) {
                    out[taken++] = standardized(w, n);
                }
                if (progress != null) {
                    progress.accept(step);
                }
            }
            if (!w.isNaN().any().getBoolean() && taken == count) {
                return out;
            }
            throw new IllegalStateException(
                    "the Navier-Stokes solver diverged (NaN): lower dt or raise the viscosity, " + p);
        }
    }

    /** Steps {@link #snapshots} takes, for progress bars. */
    public static int steps(Params p, int count, double spinUp, double spacing) {
        return (int) Math.ceil(spinUp / p.dt()) + (count - 1) * Math.max(1, (int) Math.ceil(spacing / p.dt()));
    }

    private static float[] standardized(NDArray wHat, int n) {
        double[] v = wHat.ifft2(new long[] {n, n}).real().get(":, :, 0").toDoubleArray();
        double m = 0;
        for (double x : v) {
            m += x / v.length;
        }
        double s = 0;
        for (double x : v) {
            s += (x - m) * (x - m) / v.length;
        }
        if (!(s > 0) || !Double.isFinite(s)) {
            throw new IllegalStateException("the vorticity snapshot is constant or not finite");
        }
        float[] f = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            f[i] = (float) ((v[i] - m) / Math.sqrt(s));
        }
        return f;
    }

    /** Wavenumber arrays, masks and the integrating factor, built once. */
    private static final class Operators {
        final Params p;
        final int n;
        final NDArray ikx;
        final NDArray iky;
        final NDArray invK2;
        final NDArray dealias;
        final NDArray decay;
        final NDArray halfDecay;
        final NDArray forcing;

        Operators(Params p, NDManager m) {
            this.p = p;
            this.n = p.size();
            double[] kx = new double[n * n];
            double[] ky = new double[n * n];
            double[] inv = new double[n * n];
            double[] mask = new double[n * n];
            double[] lin = new double[n * n];
            double[] lin2 = new double[n * n];
            double[] force = new double[n * n];
            int shell = 0;
            for (int a = 0; a < n; a++) {
                for (int b = 0; b < n; b++) {
                    double x = a < n / 2 ? a : a - n;
                    double y = b < n / 2 ? b : b - n;
                    int i = a * n + b;
                    double k2 = x * x + y * y;
                    kx[i] = x;
                    ky[i] = y;
                    inv[i] = k2 == 0 ? 0 : 1 / k2;
                    mask[i] = Math.abs(x) < n / 3.0 && Math.abs(y) < n / 3.0 ? 1 : 0;
                    double rate = -p.viscosity() * k2 - p.friction();
                    lin[i] = Math.exp(rate * p.dt());
                    lin2[i] = Math.exp(rate * p.dt() / 2);
                    double k = Math.sqrt(k2);
                    if (k >= p.forceLow() && k <= p.forceHigh()) {
                        force[i] = 1;
                        shell++;
                    }
                }
            }
            // white noise of unit variance per grid point has |F|^2 = n^2 per mode: spread the injection over the shell
            double amp = Math.sqrt(p.injection() * p.dt()) / shell * n;
            for (int i = 0; i < force.length; i++) {
                force[i] *= amp;
            }
            Shape s = new Shape(n, n);
            NDArray zero = m.zeros(s, DataType.FLOAT64);
            ikx = zero.stack(m.create(kx, s), -1).complex();
            iky = zero.stack(m.create(ky, s), -1).complex();
            invK2 = m.create(inv, s);
            dealias = m.create(mask, s);
            decay = m.create(lin, s);
            halfDecay = m.create(lin2, s);
            forcing = m.create(force, s);
        }

        /** -u . grad omega in Fourier, dealiased. */
        NDArray advection(NDArray w) {
            long[] size = {n, n};
            // every product starts from w or psi: a result goes to its first operand's manager, the step's scope, while
            // one that started from an operator (held by the run's base manager) outlived its step, 2.6 MB a step
            NDArray psi = w.mul(invK2);
            NDArray u = psi.mul(iky).ifft2(size).real().get(":, :, 0");
            NDArray v = psi.mul(ikx).mul(-1).ifft2(size).real().get(":, :, 0");
            NDArray wx = w.mul(ikx).ifft2(size).real().get(":, :, 0");
            NDArray wy = w.mul(iky).ifft2(size).real().get(":, :, 0");
            return u.mul(wx).add(v.mul(wy)).mul(-1).fft2(size).mul(dealias);
        }

        /** Heun with the integrating factor exp(L dt), then the forcing increment (Euler-Maruyama). */
        NDArray step(NDArray w, SplittableRandom rng, NDManager scope) {
            NDArray n0 = advection(w);
            NDArray predictor = w.add(n0.mul(p.dt())).mul(decay);
            NDArray n1 = advection(predictor);
            NDArray next = w.mul(decay).add(n0.mul(decay).add(n1).mul(p.dt() / 2));
            double[] noise = new double[n * n];
            for (int i = 0; i < noise.length; i++) {
                noise[i] = rng.nextGaussian();
            }
            NDArray kick =
                    scope.create(noise, new Shape(n, n)).fft2(new long[] {n, n}).mul(forcing);
            return next.add(kick.mul(halfDecay));
        }
    }
}
