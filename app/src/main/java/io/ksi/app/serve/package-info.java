/**
 * {@code ksi serve}: a fitted ensemble behind HTTP (docs/serving.md). Jetty serves the endpoints; concurrent sample
 * requests are coalesced by the library's {@link io.ksi.ensemble.sampling.SampleBatcher}; Prometheus' client keeps the
 * metrics.
 *
 * <p>May depend on: {@code io.ksi.bridge}, {@code io.ksi.ensemble}, {@code io.ksi.ensemble.sampling},
 * {@code io.ksi.ensemble.system}, {@code io.ksi.ensemble.interpolant}, {@code io.ksi.ensemble.feature},
 * {@code io.ksi.app.plot}.
 */
package io.ksi.app.serve;
