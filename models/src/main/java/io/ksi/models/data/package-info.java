/**
 * Generated datasets: procedural digits, letters, garments and cursive script, and 2D Navier-Stokes vorticity. The
 * readers of files and the shipped real sets are {@code io.ksi.data} (module ksi-datasets).
 *
 * <p>May depend on: {@code io.ksi.bridge.*}, {@code io.ksi.data}.
 */
package io.ksi.models.data;
