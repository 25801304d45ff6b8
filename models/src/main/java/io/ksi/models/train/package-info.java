/**
 * Training the weak members that ensembles combine: a velocity trainer for scripted U-Net templates (Adam or SGD) and a
 * trainer of whole cohorts with their manifest.
 *
 * <p>May depend on: {@code io.ksi.bridge.*}, {@code io.ksi.data}, {@code io.ksi.models.data}.
 */
package io.ksi.models.train;
