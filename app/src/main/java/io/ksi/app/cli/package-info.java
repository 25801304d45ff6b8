/**
 * The ksi command line (picocli): one class per verb, shared option groups, the terminal progress bar, and
 * CommandPlugin, through which modules on top (notebooks) add verbs.
 *
 * <p>May depend on: {@code io.ksi.bridge.*}, {@code io.ksi.data}, {@code io.ksi.models.*}, {@code io.ksi.ensemble.*},
 * {@code io.ksi.app.*}.
 */
package io.ksi.app.cli;
