package io.ksi.app.cli;

import picocli.CommandLine;

/**
 * Commands that a module on top of the application adds to {@code ksi} (the notebooks module adds {@code notebook}).
 * Found with {@link java.util.ServiceLoader}, so the application needs no compile-time dependency on the modules that
 * extend it.
 */
public interface CommandPlugin {
    void addTo(CommandLine ksi);
}
