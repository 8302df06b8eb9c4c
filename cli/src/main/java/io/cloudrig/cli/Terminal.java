package io.cloudrig.cli;

import java.io.Console;
import java.util.Optional;

/**
 * The user at a terminal, for confirmations: only when both stdin and stdout are a terminal (never in a script, a
 * pipe or a test). Injectable through {@link CliEnv} so that a test can be the user.
 */
public interface Terminal {

    /** Whether a person can be asked (stdin and stdout are a terminal). */
    boolean interactive();

    /** Shows {@code prompt} and returns the line typed, or empty at end of input. */
    Optional<String> ask(String prompt);

    /** The process's terminal ({@link System#console()}: present only when stdin and stdout are a terminal). */
    static Terminal system() {
        Console console = System.console();
        return new Terminal() {
            @Override
            public boolean interactive() {
                return console != null;
            }

            @Override
            public Optional<String> ask(String prompt) {
                return console == null ? Optional.empty() : Optional.ofNullable(console.readLine("%s", prompt));
            }
        };
    }

    /** No terminal (what scripts have). */
    static Terminal none() {
        return new Terminal() {
            @Override
            public boolean interactive() {
                return false;
            }

            @Override
            public Optional<String> ask(String prompt) {
                return Optional.empty();
            }
        };
    }
}
