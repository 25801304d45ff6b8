/**
 * Notebooks and JShell: the headless notebook runner ({@code ksi notebook run}, added to the CLI as a CommandPlugin),
 * inline display of images and charts, and the short helpers notebooks call (Nb).
 *
 * <p>May depend on: {@code io.ksi.bridge.*}, {@code io.ksi.models.*}, {@code io.ksi.ensemble.*}, {@code io.ksi.app.*}.
 */
package io.ksi.notebooks;
