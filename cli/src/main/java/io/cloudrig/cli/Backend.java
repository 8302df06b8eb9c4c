package io.cloudrig.cli;

import io.cloudrig.aws.AwsClients;
import io.cloudrig.aws.AwsEndpoint;
import io.cloudrig.cli.runtime.RuntimeControl;
import io.cloudrig.delivery.kafka.KafkaPublisher;
import io.cloudrig.delivery.sqs.QueueNames;
import io.cloudrig.delivery.sqs.QueueNotFoundException;
import io.cloudrig.delivery.sqs.SqsPublisher;
import io.cloudrig.embedded.RuntimeHome;
import io.cloudrig.embedded.LocalKafkaUser;
import io.cloudrig.embedded.RuntimeInfo;
import io.cloudrig.model.CloudrigException;
import io.cloudrig.model.events.EventPublisher;
import io.cloudrig.model.store.DeploymentStore;
import io.cloudrig.model.store.DynamoDbDeploymentStore;
import io.cloudrig.model.store.MasterKey;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.util.Optional;

/**
 * The store and the event publisher a verb talks to: the configured ones in external mode (Kafka, or the SQS queues of
 * the Lambda deployment), else the local runtime's (started on first need; for a command the runtime serves itself,
 * its own store and publisher, {@link LocalServices}, which are neither built nor closed here). Opened lazily, closed
 * at the end of the invocation. The clients are the shared ones ({@link AwsClients}, the delivery module's publishers); this is the CLI's
 * boundary with them, where their failures become one {@link CliFailure} line.
 */
public final class Backend implements AutoCloseable {
    private static final String DEFAULT_REGION = "us-east-1";

    private final CliEnv env;
    private DynamoDbClient client;
    private DeploymentStore store;
    private DeploymentStore guarded;
    private EventPublisher publisher;
    private AutoCloseable closePublisher;
    private CliConfig config;
    private RuntimeInfo runtime;

    public Backend(CliEnv env) {
        this.env = env;
    }

    private CliConfig config() {
        if (config == null) {
            config = CliConfig.load(env.home(), env.env());
        }
        return config;
    }

    /** The runtime's own services when this command runs inside the local runtime (and the config is not external). */
    private Optional<LocalServices> served() {
        return env.local().filter(l -> !config().external());
    }

    private RuntimeInfo runtime() {
        if (runtime == null) {
            runtime = new RuntimeControl(env.home(), env.err()).ensureRunning();
        }
        return runtime;
    }

    /**
     * The store. In local mode its calls are guarded: a failure to reach the runtime's DynamoDB is diagnosed
     * ({@link #storeFailure}) as the runtime having stopped or moved ({@link RuntimeUnavailableException}), or being
     * unable to write its data (the reason the system gives), instead of a raw SDK exception.
     */
    public synchronized DeploymentStore store() {
        if (guarded == null) {
            guarded = (DeploymentStore) Proxy.newProxyInstance(DeploymentStore.class.getClassLoader(),
                    new Class<?>[] {DeploymentStore.class}, this::invokeStore);
        }
        return guarded;
    }

    private Object invokeStore(Object proxy, Method method, Object[] args) throws Throwable {
        if (method.getDeclaringClass() == Object.class) {
            return switch (method.getName()) {
                case "equals" -> proxy == args[0];
                case "hashCode" -> System.identityHashCode(proxy);
                default -> "guarded " + rawStore();
            };
        }
        try {
            return method.invoke(rawStore(), args);
        } catch (InvocationTargetException e) {
            Throwable t = e.getCause();
            Optional<SdkException> sdk = unreached(t);
            if (sdk.isPresent() && !config().external()) {
                throw storeFailure(sdk.get());
            }
            throw t;
        }
    }

    /**
     * The SDK failure behind {@code t} when it says the runtime's DynamoDB could not be reached or failed on its side
     * (no answer, or a 5xx); empty for what the store classified itself (a {@link CloudrigException}: a conflict, a
     * name taken) and for the service's answers about the request (4xx), which are reported as they are.
     */
    private static Optional<SdkException> unreached(Throwable t) {
        if (t instanceof CloudrigException) {
            return Optional.empty();
        }
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof SdkClientException s) {
                return Optional.of(s);
            }
            if (c instanceof AwsServiceException s) {
                return s.statusCode() >= 500 ? Optional.of(s) : Optional.empty();
            }
        }
        return Optional.empty();
    }

    /** What a failed call to the local runtime's DynamoDB means, as the runtime's lock and storage tell it. */
    private CliFailure storeFailure(SdkException e) {
        RuntimeControl control = new RuntimeControl(env.home(), env.err());
        RuntimeControl.State now = control.state();
        long pid = runtime == null ? -1 : runtime.pid();
        if (now instanceof RuntimeControl.Stopped) {
            return new RuntimeUnavailableException("the local runtime" + (pid > 0 ? " (pid " + pid + ")" : "") + " stopped "
                    + "(see " + env.home().resolve(RuntimeControl.LOG_FILE) + ")", true, e);
        }
        if (now instanceof RuntimeControl.Unanswering u) {
            if (u.storageProblem().isPresent()) {
                return new CliFailure(control.paused(u), e);
            }
            return new RuntimeUnavailableException("the local runtime (pid " + u.pid() + ") does not answer (restarting?)",
                    u.pid() != pid, e);
        }
        RuntimeInfo info = ((RuntimeControl.Running) now).info();
        if (runtime != null && !info.equals(runtime)) {
            return new RuntimeUnavailableException("the local runtime (pid " + info.pid() + ") restarted its components",
                    info.pid() != pid, e);
        }
        Optional<String> storage = RuntimeHome.storageProblem(env.home());
        if (storage.isPresent()) {
            return new CliFailure(storage.get() + " (the local runtime, pid " + info.pid() + ", pauses until it can write "
                    + "again; see " + env.home().resolve(RuntimeControl.LOG_FILE) + ")", e);
        }
        return new CliFailure("the local runtime's DynamoDB (" + info.dynamoDbEndpoint() + ") failed: "
                + firstLine(e.getMessage()) + " (see " + env.home().resolve(RuntimeControl.LOG_FILE) + ")", e);
    }

    private static String firstLine(String s) {
        return s == null ? "" : s.lines().findFirst().orElse("");
    }

    /**
     * Forgets the clients, so that the next call finds the runtime again (starting it if none runs): what a waiting
     * command does after {@link RuntimeUnavailableException}.
     */
    public synchronized void reconnect() {
        closeClients();
        store = null;
        publisher = null;
        runtime = null;
    }

    private synchronized DeploymentStore rawStore() {
        if (store == null && served().isPresent()) {
            store = served().get().store();
        }
        if (store == null) {
            CliConfig c = config();
            AwsEndpoint where = c.external() ? endpoint(c, c.dynamoDbEndpoint())
                    : AwsEndpoint.at(URI.create(runtime().dynamoDbEndpoint()));
            client = AwsClients.build(DynamoDbClient.builder(), where);
            // the local runtime seals under its home's key file; an external store's key comes from the settings
            MasterKey key = c.external() ? MasterKey.fromSettings(client, env.env(), System.getProperties())
                    : MasterKey.inHome(env.home());
            store = DynamoDbDeploymentStore.builder().client(client).secrets(key)
                    .tableName(c.table().orElse(DynamoDbDeploymentStore.DEFAULT_TABLE)).build();
        }
        return store;
    }

    /** SQS when an SQS key is set, else Kafka: the configured broker in external mode, else the local runtime's. */
    public synchronized EventPublisher publisher() {
        if (publisher == null) {
            CliConfig c = config();
            EventPublisher target;
            if (served().isPresent()) {
                target = served().get().publisher();
            } else if (c.sqs()) {
                SqsPublisher sqs = SqsPublisher.connect(endpoint(c, c.sqsEndpoint()), QueueNames.of(c.sqsQueuePrefix()));
                closePublisher = sqs;
                target = sqs;
            } else {
                KafkaPublisher kafka = new KafkaPublisher(KafkaPublisher.Settings.of(kafkaBootstrap(c), "cloudrig-cli")
                        .withAttempts(1).withClientProperties(c.external() ? c.kafkaClient()
                                : LocalKafkaUser.clientOf(env.home())));
                closePublisher = kafka;
                target = kafka;
            }
            publisher = event -> {
                try {
                    target.publish(event);
                } catch (CloudrigException e) {
                    throw failure(e, c);
                }
            };
        }
        return publisher;
    }

    /** A publishing failure as the user reads it: what failed, where, and for a missing queue which settings to check. */
    private static CliFailure failure(CloudrigException e, CliConfig c) {
        if (e instanceof QueueNotFoundException) {
            return new CliFailure(e.getMessage() + ": check CLOUDRIG_SQS_QUEUE_PREFIX (sqs.queue_prefix, now '"
                    + c.sqsQueuePrefix() + "') against terraform's name_prefix, and CLOUDRIG_REGION / "
                    + "CLOUDRIG_SQS_ENDPOINT", e);
        }
        return new CliFailure(e.getMessage(), e);
    }

    private String kafkaBootstrap(CliConfig c) {
        if (!c.external()) {
            return runtime().kafkaBootstrap();
        }
        return c.kafkaBootstrap().orElseThrow(() -> new CliFailure("external mode: no Kafka or SQS configured; set "
                + "CLOUDRIG_KAFKA_BOOTSTRAP (kafka.bootstrap) or CLOUDRIG_SQS_QUEUE_PREFIX (sqs.queue_prefix) in the "
                + "environment or " + env.home().resolve(CliConfig.FILE)));
    }

    /** The configured region (default us-east-1) and endpoint, if any; a loopback endpoint gets dummy credentials. */
    private static AwsEndpoint endpoint(CliConfig c, Optional<String> endpoint) {
        return AwsEndpoint.of(Optional.of(c.region().orElse(DEFAULT_REGION)), endpoint);
    }

    @Override
    public void close() {
        closeClients();
    }

    private synchronized void closeClients() {
        if (closePublisher != null) {
            try {
                closePublisher.close();
            } catch (Exception e) {
                env.err().println("cloudrig: closing the publisher: " + e.getMessage());
            }
            closePublisher = null;
        }
        if (client != null) {
            client.close();
            client = null;
        }
    }
}
