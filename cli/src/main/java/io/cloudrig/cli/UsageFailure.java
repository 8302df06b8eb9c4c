package io.cloudrig.cli;

/** A command line that cannot be run as given (a bad option value, a confirmation missing): one line, exit status 2. */
public class UsageFailure extends CliFailure {
    public UsageFailure(String message) {
        super(message);
    }
}
