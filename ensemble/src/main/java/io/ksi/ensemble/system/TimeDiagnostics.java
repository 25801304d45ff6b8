package io.ksi.ensemble.system;

/**
 * What the solve at one time says about the fit.
 *
 * @param t the time
 * @param method cholesky or pseudo-inverse
 * @param condition of K + lambda I
 * @param minEig smallest eigenvalue of K
 * @param maxEig largest eigenvalue of K
 * @param trainLoss L_t(eta) on the fitting pairs
 * @param heldOutLoss L_t(eta) on separate pairs (NaN without held-out pairs)
 * @param explained h.eta / E|dI/dt|^2: the share of the velocity's energy the drift explains
 */
public record TimeDiagnostics(
        double t,
        String method,
        double condition,
        double minEig,
        double maxEig,
        double trainLoss,
        double heldOutLoss,
        double explained) {
    public static TimeDiagnostics of(double t, LinearSystem train, LinearSystem heldOut, Solution s) {
        double explained = 0;
        for (int i = 0; i < s.eta().length; i++) {
            explained += s.eta()[i] * train.h()[i];
        }
        double[] ev = s.eigenvalues();
        return new TimeDiagnostics(
                t,
                s.method(),
                s.condition(),
                ev[0],
                ev[ev.length - 1],
                train.loss(s.eta()),
                heldOut == null ? Double.NaN : heldOut.loss(s.eta()),
                explained / train.velocityNorm2());
    }
}
