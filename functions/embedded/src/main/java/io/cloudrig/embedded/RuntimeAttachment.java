package io.cloudrig.embedded;

import java.nio.file.Path;

/**
 * Something that runs inside the runtime process alongside its components, found with {@link java.util.ServiceLoader}
 * on the runtime's class path (the CLI's command channel is one). {@link LocalRuntimeMain} starts each once the
 * components are up and before {@code runtime.json} says where the runtime listens, and closes it on shutdown before
 * the components stop. One that fails to start is reported in the runtime log and left out: the runtime runs without it.
 */
public interface RuntimeAttachment {

    /**
     * Starts it for the runtime serving {@code home}.
     *
     * @return what stops it again
     */
    AutoCloseable start(Path home, LocalRuntime runtime) throws Exception;

    /**
     * Runs, once, what the first request would otherwise load and initialise (its classes, its clients), so that the
     * first user does not wait for it. {@link LocalRuntimeMain} calls it on a thread of its own once the runtime serves;
     * in a training run for the {@link StartupCache} it calls it before {@code runtime.json} is written, so that what
     * it loads is in the cache the next runtimes start from. Nothing by default; a failure is only reported.
     */
    default void warmUp() throws Exception {
    }
}
