package io.cloudrig.cli;

import io.cloudevents.CloudEvent;
import io.cloudrig.aws.AwsEndpoint;
import io.cloudrig.delivery.sqs.QueueNames;
import io.cloudrig.delivery.sqs.SqsPublisher;
import io.cloudrig.cli.testing.CliRig;
import io.cloudrig.cli.testing.CliRig.Result;
import io.cloudrig.cli.testing.CliSession;
import io.cloudrig.cli.testing.NoSecretLeaks;
import io.cloudrig.cli.testing.SqsRig;
import io.cloudrig.model.Deployment;
import io.cloudrig.model.DeploymentStatus;
import io.cloudrig.model.events.DeploymentEvents;
import io.cloudrig.model.events.DeploymentRequestData;
import io.cloudrig.model.events.DeploymentRequestEvents;
import io.cloudrig.model.events.EventType;
import io.cloudrig.model.events.SqsQueues;
import io.cloudrig.orchestration.DeploymentRequests;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static io.cloudrig.cli.testing.CliSession.name;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The CLI in external mode against the Lambda deployment's transport: DynamoDB Local for the store and ElasticMQ for
 * the SQS queues, named as terraform names them ({@link SqsRig}). The CLI puts each request on the queue of the
 * function that consumes it, as a CloudEvent with the {@code type} and {@code subject} attributes and no secret;
 * misconfiguration fails with one line naming what to fix; and with the functions fed from the queues, {@code create}
 * and {@code destroy} wait for the outcome by polling the store, as they do with Kafka.
 */
@ExtendWith(NoSecretLeaks.class)
class SqsExternalModeTest {
    static final String PASSWORD = NoSecretLeaks.newSecret("sqs");

    @TempDir
    Path home;
    /** A prefix of its own with terraform's queues, and the CLI pointed at it. */
    SqsRig sqs;
    CliSession cli;

    @BeforeEach
    void queues() {
        sqs = SqsRig.withQueues();
        cli = new CliSession(sqs, home);
    }

    private static Path config(CliSession cli) {
        return cli.file("{\"type\": \"TestOnlyEngine\", \"auth_url\": \"http://keystone.test:5000/v3\", "
                + "\"admin_password\": \"" + PASSWORD + "\", \"resources\": 1}");
    }

    /** The one message on {@code queue}. */
    private Message receiveOne(String queue) {
        List<Message> received = sqs.receiveUntil(queue, got -> !got.isEmpty());
        assertThat(received).hasSize(1);
        assertThat(sqs.receiveNow(queue)).as("nothing else on " + queue).isEmpty();
        return received.get(0);
    }

    /** A deployment stored as a waiting create stores it, without anything consuming its request yet. */
    private Deployment stored() {
        String n = name();
        return sqs.store().create(DeploymentRequests.newRequest(n, "{\"type\": \"TestOnlyEngine\", \"admin_password\": \""
                + PASSWORD + "\"}", Clock.systemUTC()));
    }

    /** Asserts {@code m} is the CloudEvent {@code type} about {@code d}, attributes included, without the password. */
    private static CloudEvent assertEvent(Message m, EventType type, Deployment d) {
        assertThat(m.body()).doesNotContain(PASSWORD);
        CloudEvent e = DeploymentEvents.parse(m.body());
        assertThat(DeploymentEvents.type(e)).isEqualTo(type);
        assertThat(e.getSubject()).isEqualTo(d.id());
        assertThat(e.getSource()).hasToString(DeploymentActions.SOURCE);
        assertThat(DeploymentEvents.data(e).name()).isEqualTo(d.name());
        assertThat(m.messageAttributes().get(SqsQueues.TYPE_ATTRIBUTE).stringValue()).isEqualTo(type.type());
        assertThat(m.messageAttributes().get(SqsQueues.SUBJECT_ATTRIBUTE).stringValue()).isEqualTo(d.id());
        return e;
    }

    @Test
    void createNoWait_putsExactlyOneSelfContainedSealedRequestOnTheCreateServersQueue() {
        String n = name();
        Result r = cli.ok("deployment", "create", "--name", n, "--no-wait", "--ttl", "2h", "--file", config(cli).toString());
        String id = r.out.strip();

        Message m = receiveOne(sqs.queue(EventType.Function.CREATE_SERVERS));
        assertThat(m.body()).doesNotContain(PASSWORD);
        CloudEvent e = DeploymentEvents.parse(m.body());
        assertThat(DeploymentEvents.type(e)).isEqualTo(EventType.DEPLOYMENT_REQUESTED);
        assertThat(DeploymentRequestEvents.isSelfContained(e)).isTrue();
        assertThat(e.getSubject()).isEqualTo(n);
        assertThat(e.getSource()).hasToString(DeploymentActions.SOURCE);
        assertThat(DeploymentRequests.selfContainedId(e)).as("the id printed").isEqualTo(id);
        assertThat(DeploymentRequestEvents.validate(EventType.DEPLOYMENT_REQUESTED, DeploymentRequestEvents.dataNode(e)))
                .isEmpty();
        DeploymentRequestData data = DeploymentRequestEvents.read(e);
        assertThat(data.name()).isEqualTo(n);
        assertThat(data.ttl()).isEqualTo("PT2H");
        assertThat(data.sealed()).isNotNull();
        assertThat(data.config().path("admin_password").asText()).startsWith("enc:v1:");
        assertThat(m.messageAttributes().get(SqsQueues.TYPE_ATTRIBUTE).stringValue())
                .isEqualTo(EventType.DEPLOYMENT_REQUESTED.type());
        for (String other : List.of(sqs.queue(EventType.Function.DEPLOY_ENGINE), sqs.queue(EventType.Function.CLEANUP),
                sqs.eventsQueue())) {
            assertThat(sqs.receiveNow(other)).as(other).isEmpty();
        }
        assertThat(sqs.store().get(id)).as("nothing stored: the function that takes the request stores it").isEmpty();
        assertThat(cli.ok("deployment", "show", n).out).contains(id, "not taken by a function yet");
    }

    @Test
    void destroyNoWait_putsDestroyRequestedOnTheCleanupQueue() {
        Deployment d = stored();

        Result r = cli.ok("deployment", "destroy", "--no-wait", "--deployment", d.name());
        assertThat(r.err).contains("destroy of " + d.name() + " (" + d.id() + ") requested");
        assertEvent(receiveOne(sqs.queue(EventType.Function.CLEANUP)), EventType.DESTROY_REQUESTED, d);
        assertThat(sqs.receiveNow(sqs.queue(EventType.Function.CREATE_SERVERS))).isEmpty();
        assertThat(sqs.store().get(d.id())).as("still there: nothing consumed the request").isPresent();
    }

    @Test
    void create_whenTheQueueDoesNotExist_exits1NamingTheQueueAndTheEndpoint() {
        sqs = SqsRig.withoutQueues();
        cli = new CliSession(sqs, home);
        String n = name();
        Result r = cli.run("deployment", "create", "--name", n, "--file", config(cli).toString());

        assertThat(r.code).as(r.toString()).isEqualTo(1);
        assertThat(r.err.lines()).as(r.toString()).hasSize(1);
        assertThat(r.err).contains("SQS queue " + sqs.prefix() + "createServers does not exist at " + sqs.endpoint())
                .contains("CLOUDRIG_SQS_QUEUE_PREFIX").contains("'" + sqs.prefix() + "'")
                .contains("deployment '" + n + "' was not kept")
                .as("not the message").doesNotContain("specversion").doesNotContain(PASSWORD);
        assertThat(sqs.store().getByName(n)).as("a create that could not publish leaves nothing behind").isEmpty();
        assertThat(cli.run("deployment", "list").out).doesNotContain(n);
    }

    @Test
    void kafkaAndSqsBothConfigured_exits1NamingBothKeys() throws Exception {
        Files.writeString(home.resolve(CliConfig.FILE), "kafka.bootstrap=127.0.0.1:9\n");
        Result r = cli.run("deployment", "list");

        assertThat(r.code).as(r.toString()).isEqualTo(1);
        assertThat(r.err).contains("CLOUDRIG_KAFKA_BOOTSTRAP").contains("kafka.bootstrap")
                .contains("CLOUDRIG_SQS_QUEUE_PREFIX").contains("sqs.queue_prefix").contains(home.toString());
    }

    @Test
    void queuePrefixThatCannotStartAQueueName_exits1NamingTheKey() {
        Map<String, String> env = new HashMap<>(sqs.env(home));
        env.put("CLOUDRIG_SQS_QUEUE_PREFIX", "cloud rig/");
        Result r = CliRig.runWith(CliEnv.builder().env(env), "deployment", "list");
        assertThat(r.code).as(r.toString()).isEqualTo(1);
        assertThat(r.err).contains("CLOUDRIG_SQS_QUEUE_PREFIX").contains("found 'cloud rig/'");
    }

    @Test
    void createAndDestroy_waitForTheOutcome_whileTheFunctionsAreFedFromTheQueues() throws Exception {
        String n = name();
        try (SqsRig.Functions lambdas = sqs.startFunctions()) {
            Deployment d = cli.create(n, config(cli));
            assertThat(d.status()).isEqualTo(DeploymentStatus.DEPLOY_FINISHED);
            assertThat(sqs.store().listResources(d.id())).hasSize(1);

            Result destroy = cli.ok("deployment", "destroy", "--yes");
            assertThat(destroy.err).contains("(record deleted)");
            assertThat(destroy.out).contains("Deployment " + n + " (" + d.id() + ") destroyed");
            assertThat(sqs.store().get(d.id())).isEmpty();

            List<Message> outcomes = sqs.receiveUntil(sqs.eventsQueue(), got -> got.size() >= 2);
            assertThat(outcomes.stream().map(m -> DeploymentEvents.parse(m.body()))
                    .filter(e -> e.getSubject().equals(d.id())).map(DeploymentEvents::type).collect(Collectors.toList()))
                    .containsExactly(EventType.DEPLOYMENT_FINISHED, EventType.DEPLOYMENT_DESTROYED);
            lambdas.close();
            assertThat(lambdas.failures()).isEmpty();
            assertThat(lambdas.handled(d.id())).containsExactly("createServers: requested",
                    "deployEngine: servers_created", "cleanup: destroy_requested");
        }
    }

    @Test
    void publish_toAFifoQueue_groupsByDeploymentAndDedupesByEventId() {
        String fifo = sqs.prefix() + "createServers.fifo";
        Deployment d = Deployment.newDeployment(name(), "{}");
        CloudEvent e = DeploymentEvents.request(EventType.DEPLOYMENT_REQUESTED, d, DeploymentActions.SOURCE);
        try (SqsClient client = SqsRig.client();
             SqsPublisher publisher = new SqsPublisher(SqsRig.client(), QueueNames.of(sqs.prefix()),
                     AwsEndpoint.at(URI.create(sqs.endpoint())))) {
            client.createQueue(b -> b.queueName(fifo).attributes(Map.of(QueueAttributeName.FIFO_QUEUE, "true")));
            String first = publisher.send(fifo, e);
            publisher.send(fifo, e);

            Message m = receiveOne(fifo); // the same event sent again was deduplicated
            assertThat(m.messageId()).isEqualTo(first);
            assertThat(m.attributes()).containsEntry(MessageSystemAttributeName.MESSAGE_GROUP_ID, d.id())
                    .containsEntry(MessageSystemAttributeName.MESSAGE_DEDUPLICATION_ID, e.getId());
            assertEvent(m, EventType.DEPLOYMENT_REQUESTED, d);
        }
    }
}
