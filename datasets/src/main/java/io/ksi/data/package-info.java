/**
 * Target data as a fit reads it: datasets from NPY files, PNG folders, MNIST-family IDX files and CSV price columns,
 * and the real image sets the project ships in data/real. Below the library, so that a service embedding
 * {@code ksi-ensemble} gets its data readers without the trainer, the oracle or the generators of {@code ksi-models}.
 *
 * <p>May depend on: {@code io.ksi.bridge}.
 */
package io.ksi.data;
