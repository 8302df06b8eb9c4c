package io.cloudrig.cli.testing;

import io.cloudrig.cli.CliEnv;
import io.cloudrig.cli.testing.CliRig.Result;
import io.cloudrig.model.store.DeploymentStore;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * What in-process CLI invocations run against in external mode: a real store and whatever carries the events to the
 * functions ({@link CliRig}: Kafka; {@link SqsRig}: the SQS queues of the Lambda deployment).
 */
public interface ExternalRig {
    /** The store the CLI is pointed at. */
    DeploymentStore store();

    /** The external-mode environment pointing the CLI at this rig, with {@code home} as CLOUDRIG_HOME. */
    Map<String, String> env(Path home);

    /** Runs {@code cloudrig args...} in-process against this rig with {@code home} as CLOUDRIG_HOME. */
    default Result run(Path home, String... args) {
        return run(home, Map.of(), args);
    }

    /** As {@link #run(Path, String...)}, with {@code extraEnv} (e.g. {@code OS_*} variables) added to the environment. */
    default Result run(Path home, Map<String, String> extraEnv, String... args) {
        Map<String, String> env = new HashMap<>(extraEnv);
        env.putAll(env(home));
        return CliRig.runWith(CliEnv.builder().env(env), args);
    }
}
