/**
 * What the ensembles are fitted to: datasets from NPY files, PNG folders, MNIST-family IDX files, CSV price columns,
 * and generated ones (procedural digits, letters, garments and cursive; 2D Navier-Stokes vorticity).
 *
 * <p>May depend on: {@code io.ksi.bridge.*}.
 */
package io.ksi.models.data;
