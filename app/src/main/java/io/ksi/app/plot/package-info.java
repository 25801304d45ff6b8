/**
 * Pictures (XChart and plain AWT): sample grids and the charts of ensembles, eta tables and diagnostics.
 *
 * <p>May depend on: {@code io.ksi.bridge.*}, {@code io.ksi.models.*}, {@code io.ksi.ensemble.*}.
 */
package io.ksi.app.plot;
