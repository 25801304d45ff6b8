package io.ksi.ensemble.system;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.ejml.data.DMatrixRMaj;

/**
 * The weights eta at one time under the rules practitioners use instead of (or beside) the kernel solve, all from the
 * time's stored systems: no model call. Each returns a {@link Solution} whose diagnostics read like the kernel's.
 */
public final class Combinations {
    private Combinations() {}

    /** Every member weighted 1/P: averaging the checkpoints' outputs. */
    public static Solution uniform(LinearSystem s) {
        double[] eta = new double[s.size()];
        Arrays.fill(eta, 1.0 / s.size());
        return of(eta, "uniform", 0, s);
    }

    /** The members {@code chosen} averaged (weight 1/|chosen| each), the others off: routing by time. */
    public static Solution average(LinearSystem s, int[] chosen, String method) {
        if (chosen.length == 0) {
            throw new IllegalArgumentException("routing chose no member");
        }
        double[] eta = new double[s.size()];
        for (int i : chosen) {
            eta[i] = 1.0 / chosen.length;
        }
        return of(eta, method, 0, s);
    }

    /** The one member of least held-out loss as trained (weight 1): switching to the best checkpoint per time. */
    public static Solution best(LinearSystem train, LinearSystem heldOut) {
        double[] eta = new double[train.size()];
        eta[asTrainedRanking(heldOut)[0]] = 1;
        return of(eta, "best", 0, train);
    }

    /**
     * The best member as trained (weight 1) unless the kernel solve lowers the held-out loss by more than the share
     * {@code margin} of that member's loss: a fit that keeps a good member where the others barely help it, and
     * combines where they do.
     */
    public static Solution safe(
            LinearSystem train, LinearSystem heldOut, double margin, double relativeRidge, boolean scaled) {
        int a = asTrainedRanking(heldOut)[0];
        double[] anchor = new double[train.size()];
        anchor[a] = 1;
        Solution kernel = solve(train, relativeRidge, scaled);
        double alone = heldOut.loss(anchor);
        boolean combine = heldOut.loss(kernel.eta()) < (1 - margin) * alone;
        return of(
                combine ? kernel.eta() : anchor, combine ? "safe: kernel" : "safe: best member", kernel.ridge(), train);
    }

    /** Members ordered by held-out loss as trained (eta = 1 on the member alone), best first. */
    public static int[] asTrainedRanking(LinearSystem heldOut) {
        double[] loss = new double[heldOut.size()];
        for (int i = 0; i < loss.length; i++) {
            loss[i] = heldOut.k()[i][i] - 2 * heldOut.h()[i] + heldOut.velocityNorm2();
        }
        Integer[] order = new Integer[loss.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(loss[a], loss[b]));
        return Arrays.stream(order).mapToInt(Integer::intValue).toArray();
    }

    /**
     * The least-squares weights under the constraint sum eta = 1 (a convex-style combination, signs free): eta = A^-1
     * (h - mu 1) with A = K + lambda I and mu chosen so the weights sum to one.
     */
    public static Solution sumToOne(LinearSystem s, double relativeRidge) {
        int p = s.size();
        double[] ones = new double[p];
        Arrays.fill(ones, 1);
        double[] ainvH = SystemSolver.solve(s, relativeRidge).eta();
        double[] ainv1 = SystemSolver.solve(new LinearSystem(s.k(), ones, s.velocityNorm2(), s.n()), relativeRidge)
                .eta();
        double mu = (sum(ainvH) - 1) / sum(ainv1);
        double[] eta = new double[p];
        for (int i = 0; i < p; i++) {
            eta[i] = ainvH[i] - mu * ainv1[i];
        }
        return of(eta, "sum-to-one", relativeRidge * trace(s) / p, s);
    }

    /**
     * K active members chosen on held-out loss and re-solved on those alone: greedy forward selection (add the member
     * whose re-solved ensemble has the least held-out loss), then exchanges (swap one active for one inactive member
     * while that lowers the held-out loss) until none helps. Forward selection alone is myopic: a member that helps
     * only beside another is never the first pick.
     *
     * @param scaled solve with Jacobi-scaled features, as the dense fit did
     */
    public static Solution top(LinearSystem train, LinearSystem heldOut, int k, double relativeRidge, boolean scaled) {
        int p = train.size();
        if (k < 1) {
            throw new IllegalArgumentException("top:K needs K >= 1, got " + k);
        }
        if (k >= p) {
            Solution all = solve(train, relativeRidge, scaled);
            return of(all.eta(), "top:" + k, all.ridge(), train);
        }
        List<Integer> active = new ArrayList<>();
        double current = Double.POSITIVE_INFINITY;
        while (active.size() < k) {
            int bestAdd = -1;
            double bestLoss = Double.POSITIVE_INFINITY;
            for (int i = 0; i < p; i++) {
                if (active.contains(i)) {
                    continue;
                }
                active.add(i);
                double l = heldOutLoss(train, heldOut, active, relativeRidge, scaled);
                active.remove(active.size() - 1);
                if (l < bestLoss) {
                    bestLoss = l;
                    bestAdd = i;
                }
            }
            active.add(bestAdd);
            current = bestLoss;
        }
        boolean improved = true;
        for (int round = 0; improved && round < 4 * p; round++) {
            improved = false;
            for (int a = 0; a < active.size() && !improved; a++) {
                int out = active.get(a);
                for (int in = 0; in < p && !improved; in++) {
                    if (active.contains(in)) {
                        continue;
                    }
                    active.set(a, in);
                    double l = heldOutLoss(train, heldOut, active, relativeRidge, scaled);
                    if (l < current - 1e-12 * Math.abs(current)) {
                        current = l;
                        improved = true;
                    } else {
                        active.set(a, out);
                    }
                }
            }
        }
        int[] idx = active.stream().mapToInt(Integer::intValue).sorted().toArray();
        return on(train, idx, relativeRidge, scaled, "top:" + k);
    }

    /**
     * The kernel solve on the members {@code idx} alone, the others at weight 0; the diagnostics' spectrum is that of
     * the active block (the others' rows may be unknown: a screened fit leaves them zero).
     */
    public static Solution on(LinearSystem train, int[] idx, double relativeRidge, boolean scaled, String method) {
        LinearSystem block = train.subset(idx);
        Solution sub = solve(block, relativeRidge, scaled);
        double[] eta = new double[train.size()];
        for (int a = 0; a < idx.length; a++) {
            eta[idx[a]] = sub.eta()[a];
        }
        return of(eta, method, sub.ridge(), block);
    }

    private static double heldOutLoss(
            LinearSystem train, LinearSystem heldOut, List<Integer> active, double ridge, boolean scaled) {
        int[] idx = active.stream().mapToInt(Integer::intValue).toArray();
        return heldOut.subset(idx).loss(solve(train.subset(idx), ridge, scaled).eta());
    }

    private static Solution solve(LinearSystem s, double ridge, boolean scaled) {
        return scaled ? SystemSolver.solveScaled(s, ridge) : SystemSolver.solve(s, ridge);
    }

    /** A rule's weights with the Gram matrix's spectrum, so its diagnostics read like a solve's. */
    static Solution of(double[] eta, String method, double lambda, LinearSystem s) {
        double[] ev = SystemSolver.symmetricEigenvalues(new DMatrixRMaj(s.k()));
        double max = ev[ev.length - 1];
        double min = ev[0];
        return new Solution(eta, method, lambda, ev, min > 0 ? max / min : Double.POSITIVE_INFINITY);
    }

    private static double sum(double[] v) {
        return Arrays.stream(v).sum();
    }

    private static double trace(LinearSystem s) {
        double t = 0;
        for (int i = 0; i < s.size(); i++) {
            t += s.k()[i][i];
        }
        return t;
    }
}
