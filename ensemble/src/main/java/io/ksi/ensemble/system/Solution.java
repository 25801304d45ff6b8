package io.ksi.ensemble.system;

/**
 * eta = (K + lambda I)^{-1} h with what it took to get it.
 *
 * @param eta the coefficients
 * @param method "cholesky", or "pseudo-inverse" when K + lambda I was not numerically positive definite
 * @param ridge the absolute lambda added to the diagonal
 * @param eigenvalues of K (ascending)
 * @param condition max/min eigenvalue of K + lambda I (infinite when singular)
 */
public record Solution(double[] eta, String method, double ridge, double[] eigenvalues, double condition) {}
