/**
 * What the single-realization studies (series, images) share: the fit of eta(t) on pairs built from one observation and
 * sampling by optimal diffusion.
 *
 * <p>May depend on: {@code io.ksi.bridge.*}, {@code io.ksi.data}, {@code io.ksi.models.*}, {@code io.ksi.ensemble.*}.
 */
package io.ksi.app.study;
