package io.cloudrig.cli;

import io.cloudrig.model.Deployment;
import io.cloudrig.model.spi.PluginRegistry;
import io.cloudrig.model.store.DeploymentStore;

/** One invocation's surroundings: the environment, the backend (opened on first use), the globals, the plugins. */
public final class CliContext implements AutoCloseable {
    private final CliEnv env;
    private final Globals globals;
    private Backend backend;
    private PluginRegistry registry;

    public CliContext(CliEnv env) {
        this.env = env;
        this.globals = new Globals(env.home());
    }

    public CliEnv env() {
        return env;
    }

    public Globals globals() {
        return globals;
    }

    public synchronized Backend backend() {
        if (backend == null) {
            backend = new Backend(env);
        }
        return backend;
    }

    public DeploymentStore store() {
        return backend().store();
    }

    public synchronized PluginRegistry registry() {
        if (registry == null) {
            registry = PluginRegistry.load();
        }
        return registry;
    }

    /**
     * The deployment named by {@code --deployment} (id or name), else (null: none given) the one in use. An explicit
     * but empty or blank selector never means the one in use: the commands refuse it as a usage error first.
     *
     * @throws CliFailure when none is given and none is in use, or the one in use is gone, or none has that id or name
     */
    public Deployment select(String idOrName) {
        if (idOrName != null) {
            if (!DeploymentNames.couldSelect(idOrName)) {
                throw new UsageFailure("expected a deployment id or name, found " + (idOrName.isBlank()
                        ? "an empty or blank one" : "'" + Text.visible(abbreviate(idOrName)) + "' ("
                        + idOrName.length() + " characters), which no deployment can have"));
            }
            return store().resolve(idOrName);
        }
        String inUse = globals.deploymentInUse().orElseThrow(() -> new CliFailure("no deployment given and none in "
                + "use: pass --deployment ID|NAME or run 'cloudrig deployment use ID|NAME'"));
        return store().get(inUse).orElseThrow(() -> new CliFailure("the deployment in use (" + inUse
                + ") no longer exists: pass --deployment ID|NAME or run 'cloudrig deployment use ID|NAME'"));
    }

    private static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 37) + "...";
    }

    @Override
    public void close() {
        if (backend != null) {
            backend.close();
        }
    }
}
