package io.cloudrig.model.spi;

/**
 * Where cloudrig's functions run, as a plugin sees it ({@link PluginFactory#runsOn()}): what the host offers a plugin
 * (native libraries, local tools, how long one call may take) differs between them.
 */
public enum RunMode {
    /**
     * AWS Lambda ({@code functions/lambda}): the Lambda Java runtime only (no native library a plugin brings, no local
     * tools, no host of its own), each function call ends at its timeout (at most 900 s).
     */
    LAMBDA,
    /** The long-running service ({@code functions/app}: Kafka, HTTP) on a host or container of the operator's. */
    SERVICE,
    /** The embedded local runtime of the CLI ({@code functions/embedded}) on the user's machine. */
    EMBEDDED
}
