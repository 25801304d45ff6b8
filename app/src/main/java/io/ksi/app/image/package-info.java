/**
 * The single-realization study behind {@code ksi field}: new periodic 2D images (vorticity snapshots by default) from
 * one, and its report of power spectra and pixel histograms.
 *
 * <p>May depend on: {@code io.ksi.bridge.*}, {@code io.ksi.data}, {@code io.ksi.models.*}, {@code io.ksi.ensemble.*},
 * {@code io.ksi.app.study}, {@code io.ksi.app.plot}.
 */
package io.ksi.app.image;
