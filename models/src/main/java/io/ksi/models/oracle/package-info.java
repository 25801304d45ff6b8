/**
 * Judges of samples: the oracle's probability-flow likelihood (OracleLikelihood) and the likelihood of points under the
 * flow of any weighted sum of models (FlowLikelihood).
 *
 * <p>May depend on: {@code io.ksi.bridge.*}.
 */
package io.ksi.models.oracle;
