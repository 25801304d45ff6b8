/**
 * Notebooks and JShell: the ksi Jupyter kernel ({@code ksi jupyter}, on JJava's protocol library) and the headless
 * notebook runner ({@code ksi notebook run}), both added to the CLI as CommandPlugins, sharing one JShell cell
 * evaluator; inline display of images and charts, and the short helpers notebooks call (Nb).
 *
 * <p>May depend on: {@code io.ksi.bridge.*}, {@code io.ksi.models.*}, {@code io.ksi.ensemble.*}, {@code io.ksi.app.*}.
 */
package io.ksi.notebooks;
