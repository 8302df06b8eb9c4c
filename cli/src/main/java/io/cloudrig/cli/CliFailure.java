package io.cloudrig.cli;

/** A failure the user can act on: printed as one line, exit status 1. Never carries a secret. */
public class CliFailure extends RuntimeException {
    public CliFailure(String message) {
        super(message);
    }

    public CliFailure(String message, Throwable cause) {
        super(message, cause);
    }
}
