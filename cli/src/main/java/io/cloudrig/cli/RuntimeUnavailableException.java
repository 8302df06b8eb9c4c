package io.cloudrig.cli;

/**
 * The local runtime the CLI was talking to stopped, or moved (it restarted its components on other ports), while a
 * command ran: a caller that waits can reconnect ({@link Backend#reconnect}) and go on; others report it as it is.
 */
public final class RuntimeUnavailableException extends CliFailure {
    private final boolean stopped;

    public RuntimeUnavailableException(String message, boolean stopped, Throwable cause) {
        super(message, cause);
        this.stopped = stopped;
    }

    /** True when the runtime process is gone (else it runs and listens elsewhere, or does not answer yet). */
    public boolean stopped() {
        return stopped;
    }
}
