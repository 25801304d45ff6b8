/**
 * The single-realization study behind {@code ksi series}: new return series from one observed price series, and its
 * report of stylized facts.
 *
 * <p>May depend on: {@code io.ksi.bridge.*}, {@code io.ksi.data}, {@code io.ksi.models.*}, {@code io.ksi.ensemble.*},
 * {@code io.ksi.app.study}, {@code io.ksi.app.plot}.
 */
package io.ksi.app.series;
