package io.cloudrig.cli.channel;

import io.cloudrig.cli.Text;
import io.cloudrig.cli.runtime.RuntimeControl;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Optional;

/** The client's way to a running runtime when none answers: {@link RuntimeControl#ensureRunning}, as the CLI does. */
final class RuntimeStarter {
    private RuntimeStarter() {
    }

    /** Starts (or waits for) the home's runtime, progress on {@code progress}; the failure's message if it failed. */
    static Optional<String> start(Path home, PrintStream progress) {
        try {
            new RuntimeControl(home, progress).ensureRunning();
            return Optional.empty();
        } catch (RuntimeException e) {
            return Optional.of(Text.visibleLines(String.valueOf(e.getMessage())));
        }
    }
}
