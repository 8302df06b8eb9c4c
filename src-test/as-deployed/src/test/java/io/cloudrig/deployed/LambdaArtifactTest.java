package io.cloudrig.deployed;

import com.fasterxml.jackson.databind.JsonNode;
import io.cloudevents.CloudEvent;
import io.cloudrig.aws.AwsClients;
import io.cloudrig.aws.AwsEndpoint;
import io.cloudrig.delivery.sqs.QueueNames;
import io.cloudrig.delivery.sqs.SqsPublisher;
import io.cloudrig.infra.DynamoDbLocal;
import io.cloudrig.infra.ElasticMq;
import io.cloudrig.model.Deployment;
import io.cloudrig.model.DeploymentStatus;
import io.cloudrig.model.ErrorCode;
import io.cloudrig.model.Json;
import io.cloudrig.model.events.DeploymentEvents;
import io.cloudrig.model.events.EventType;
import io.cloudrig.model.events.SqsQueues;
import io.cloudrig.model.store.DeploymentStore;
import io.cloudrig.model.store.DynamoDbDeploymentStore;
import io.cloudrig.orchestration.DeploymentRequests;
import io.cloudrig.testkit.Repo;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Lambda artifact run as Lambda runs it: {@code functions/lambda/target/function.zip}, the file Terraform deploys
 * ({@code var.lambda_zip_path}'s default), unzipped and started four times, once per function of
 * {@code local.function_exports}, each by AWS's Runtime Interface Client in a JVM of its own ({@link LambdaProcess})
 * with the handler string and the environment read from {@code terraform/} (parsed, never copied), against a Lambda
 * Runtime API this test serves ({@link LambdaRuntimeApi}). Behind them, DynamoDB Local with the store's table and
 * ElasticMQ with the queues as Terraform names them, each with its dead-letter queue; every SQS event is built from
 * messages really received from ElasticMQ ({@link SqsEventSource}). Two variables Terraform does not set are added,
 * because these functions talk to local servers instead of AWS: {@code CLOUDRIG_DYNAMODB_ENDPOINT} and
 * {@code CLOUDRIG_SQS_ENDPOINT}; one it sets is left out because its value exists only after {@code apply}: the KMS
 * key's ARN.
 *
 * <p>Each function's first event is a real one (two poison records; the sweeper's EventBridge schedule event), so the
 * time from the JVM's start to its response is the cold start, printed and written to
 * {@code target/cold-start.txt} (measured, not asserted).
 */
class LambdaArtifactTest {
    private static final Path MODULE = Repo.path("src-test", "as-deployed");
    private static final Path LOGS = MODULE.resolve("target/lambda-logs");
    private static final Duration FIRST_EVENT_WAIT = Duration.ofMinutes(4);
    private static final Duration EVENT_WAIT = Duration.ofMinutes(2);
    private static final String NOT_AN_EVENT = "this is not a CloudEvent {";
    /** What EventBridge sends a Lambda target on a schedule (terraform: aws_cloudwatch_event_rule.sweep). */
    private static final String SCHEDULED_EVENT = "{\"version\":\"0\",\"id\":\"2f1c4d37-cffa-4f76-80c9-8b7d4a4d2eab\","
            + "\"detail-type\":\"Scheduled Event\",\"source\":\"aws.events\",\"account\":\"123456789012\","
            + "\"time\":\"2026-12-02T06:00:00Z\",\"region\":\"us-east-1\","
            + "\"resources\":[\"arn:aws:events:us-east-1:123456789012:rule/cloudrig-sweep\"],\"detail\":{}}";
    /** Terraform's environment values that exist only after apply. */
    private static final List<String> KNOWN_AFTER_APPLY = List.of("CLOUDRIG_SECRETS_KMS_KEY_ID");

    /** One deployed function: its runtime, its Runtime API, its first event and what came of it. */
    private record Lambda(String function, String export, Map<String, String> environment, LambdaRuntimeApi api,
                          LambdaProcess process, Duration timeout, Optional<SqsEventSource.Batch> firstBatch,
                          CompletableFuture<LambdaRuntimeApi.Result> first) {
    }

    private static TerraformModule tf;
    private static String handler;
    private static DynamoDbLocal ddb;
    private static ElasticMq mq;
    private static SqsClient sqs;
    private static SqsEventSource eventSource;
    private static DeploymentStore store;
    private static SqsPublisher requester;
    private static String prefix;
    private static Deployment stuck;
    private static final Map<String, Lambda> LAMBDAS = new LinkedHashMap<>();

    @BeforeAll
    static void deployAsTerraformDoes() throws IOException {
        tf = TerraformModule.load(Repo.path("terraform"), MODULE.resolve("src/test/hcl2json"), MODULE.resolve("target/hcl2json"));
        JsonNode fn = tf.resource("aws_lambda_function", "this");
        handler = fn.path("handler").asText();
        Path zip = Repo.path(tf.variable("lambda_zip_path").path("default").asText());
        Path taskRoot = MODULE.resolve("target/lambda-task");
        FunctionZip.open(zip, taskRoot).close();
        int memory = tf.variable("lambda_memory_mb").path("default").asInt();
        Map<String, Integer> timeouts = tf.optionalNumberDefaults("lambda_timeouts_seconds");

        ddb = DynamoDbLocal.inMemory();
        mq = ElasticMq.start();
        sqs = AwsClients.build(SqsClient.builder(), AwsEndpoint.at(mq.endpoint()));
        eventSource = new SqsEventSource(sqs);
        Map<String, String> shared = environment("createServers");
        prefix = shared.get("CLOUDRIG_SQS_QUEUE_PREFIX");
        createQueuesAsTerraformDoes();
        store = DynamoDbDeploymentStore.builder().tableName(shared.get("CLOUDRIG_DYNAMODB_TABLE"))
                .client(AwsClients.build(DynamoDbClient.builder(), AwsEndpoint.at(ddb.endpoint())))
                .createTableIfMissing(true).build();
        requester = SqsPublisher.connect(AwsEndpoint.at(mq.endpoint()), QueueNames.of(prefix));

        // each queue function's first event: two poison records (not an event; an event for no deployment)
        Deployment ghost = Deployment.newDeployment("ghost", "{\"type\":\"ExistingCloud\"}"); // never stored
        for (String f : queueFunctions()) {
            String queue = prefix + f;
            EventType type = EventType.fromType(firstTypeFor(f)).orElseThrow();
            sqs.sendMessage(b -> b.queueUrl(mq.queueUrl(queue)).messageBody(NOT_AN_EVENT));
            sqs.sendMessage(b -> b.queueUrl(mq.queueUrl(queue)).messageBody(DeploymentEvents.toJson(
                    DeploymentEvents.request(type, ghost, "/cloudrig/as-deployed"))));
        }
        // the sweeper's: a deployment whose function died mid-step (its lease ran out a minute ago)
        stuck = store.create(Deployment.newDeployment("stuck", "{\"type\":\"ExistingCloud\"}"));
        store.transition(stuck.id(), DeploymentStatus.DEPLOY_INIT, DeploymentStatus.DEPLOY_STARTED,
                DeploymentStore.Change.builder().lease("a-lambda-that-timed-out", Instant.now().minusSeconds(60)));

        for (String f : exports().keySet()) {
            Map<String, String> env = new TreeMap<>(environment(f));
            env.put("CLOUDRIG_DYNAMODB_ENDPOINT", ddb.endpoint().toString());
            env.put("CLOUDRIG_SQS_ENDPOINT", mq.endpoint().toString());
            String name = new TerraformValues(tf, f).string(fn.path("function_name")).orElseThrow();
            LambdaRuntimeApi api = LambdaRuntimeApi.start("arn:aws:lambda:us-east-1:123456789012:function:" + name);
            env.put("AWS_LAMBDA_RUNTIME_API", api.address());
            Duration timeout = Duration.ofSeconds(timeouts.get(f));
            Optional<SqsEventSource.Batch> batch = queueFunctions().contains(f)
                    ? Optional.of(eventSource.receive(prefix + f, 2, m -> true, Duration.ofMinutes(10))) : Optional.empty();
            CompletableFuture<LambdaRuntimeApi.Result> first = api.invoke(batch.map(SqsEventSource.Batch::event)
                    .orElse(SCHEDULED_EVENT), timeout);
            LambdaProcess process = LambdaProcess.start(name, javaHome(), MODULE.resolve("target/lambda-runtime"), taskRoot,
                    handler, env, memory, LOGS);
            LAMBDAS.put(f, new Lambda(f, env.get("QUARKUS_FUNQY_EXPORT"), env, api, process, timeout, batch, first));
            // one cold start at a time, as each of Lambda's environments has its CPU to itself: the next JVM starts
            // when this one handled its first event or gave up (the tests report which)
            settled(first, FIRST_EVENT_WAIT);
        }
    }

    /**
     * The JVM the runtimes run on: this build's, or {@code -Dcloudrig.lambda.java.home=...} (another JDK, e.g. the
     * Lambda runtime's java21 or java25, to measure its cold start).
     */
    private static Path javaHome() {
        return Path.of(System.getProperty("cloudrig.lambda.java.home", System.getProperty("java.home")));
    }

    /** Waits until {@code f} is done, failed or {@code wait} passed; what came of it is for the tests to judge. */
    private static void settled(CompletableFuture<?> f, Duration wait) {
        try {
            f.handle((r, e) -> r).get(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            // not done in time: the tests that await it fail with the runtime's output
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @AfterAll
    static void tearDown() {
        LAMBDAS.values().forEach(l -> {
            l.process().close();
            l.api().close();
        });
        if (requester != null) {
            requester.close();
        }
        if (sqs != null) {
            sqs.close();
        }
        if (mq != null) {
            mq.close();
        }
        if (ddb != null) {
            ddb.close();
        }
    }

    @Test
    void eachFunction_startsFromTheZip_withTheHandlerAndEnvironmentTerraformSets_andHandlesItsFirstEvent() throws IOException {
        List<String> lines = new ArrayList<>();
        lines.add("function.zip " + Files.size(Repo.path(tf.variable("lambda_zip_path").path("default").asText())) + " bytes, handler "
                + handler + ", JVM " + javaHome() + ", " + Runtime.getRuntime().availableProcessors() + " CPUs; one runtime at a "
                + "time; init = JVM start -> first GET next; cold start = JVM start -> first event handled");
        SoftAssertions soft = new SoftAssertions();
        for (Lambda l : LAMBDAS.values()) {
            LambdaRuntimeApi.Result first = await(l, l.first(), FIRST_EVENT_WAIT);
            soft.assertThat(first.success()).as("%s's first invocation succeeded: %s", l.function(), first.body()).isTrue();
            Instant ready = l.api().firstNext().getNow(null);
            lines.add(String.format("%-14s export %-21s init %5d ms, cold start %5d ms", l.function(), l.export(),
                    ready == null ? -1 : Duration.between(l.process().started(), ready).toMillis(),
                    Duration.between(l.process().started(), first.at()).toMillis()));
        }
        lines.forEach(System.out::println);
        Files.writeString(MODULE.resolve("target/cold-start.txt"), String.join("\n", lines) + "\n");
        soft.assertThat(LAMBDAS.keySet()).as("every function of local.function_exports")
                .containsExactlyInAnyOrder("createServers", "deployEngine", "cleanup", "sweep");
        soft.assertAll();
    }

    @Test
    void eachQueueFunction_reportsPoisonRecordsInBatchItemFailures_andMovesThemToItsDeadLetterQueueWithTheirReason() {
        SoftAssertions soft = new SoftAssertions();
        for (String f : queueFunctions()) {
            Lambda l = LAMBDAS.get(f);
            SqsEventSource.Batch batch = l.firstBatch().orElseThrow();
            LambdaRuntimeApi.Result first = await(l, l.first(), FIRST_EVENT_WAIT);
            List<String> failed = eventSource.settle(batch, first.body());
            soft.assertThat(failed).as("%s's batchItemFailures", f).containsExactlyInAnyOrderElementsOf(batch.ids());
            List<Message> dead = new ArrayList<>();
            dead.add(eventSource.takeOne(prefix + f + "-dlq", m -> m.body().equals(NOT_AN_EVENT)));
            dead.add(eventSource.takeOne(prefix + f + "-dlq", m -> m.body().contains("\"ghost\"")));
            soft.assertThat(dead.get(0).messageAttributes().get(SqsPublisher.REASON_ATTRIBUTE).stringValue())
                    .as("%s: reason of the record that is no event", f).startsWith("unparseable");
            soft.assertThat(dead.get(1).messageAttributes().get(SqsPublisher.REASON_ATTRIBUTE).stringValue())
                    .as("%s: reason of the event for no deployment", f).contains("unknown deployment");
            soft.assertThat(eventSource.count(prefix + f)).as("%s's queue: both gone from it (dead-lettered once)", f).isZero();
        }
        soft.assertAll();
    }

    @Test
    void theSweepFunction_onItsScheduledEvent_failsTheStuckDeployment_andPublishesFailed() {
        Lambda sweep = LAMBDAS.get("sweep");
        LambdaRuntimeApi.Result first = await(sweep, sweep.first(), FIRST_EVENT_WAIT);
        assertThat(first.success()).as("sweep: %s", first.body()).isTrue();
        Deployment failed = store.get(stuck.id()).orElseThrow();
        assertThat(failed.status()).isEqualTo(DeploymentStatus.DEPLOY_FAILED);
        assertThat(failed.errorCode()).isEqualTo(ErrorCode.TIMEOUT);
        Message event = eventSource.takeOne(prefix + "events", m -> m.body().contains(stuck.id()));
        assertThat(DeploymentEvents.parse(event.body()).getType()).isEqualTo(EventType.DEPLOYMENT_FAILED.type());
    }

    @Test
    void aRequest_becomesFinishedThroughCreateServersAndDeployEngine_andADestroyRequest_removesItThroughCleanup()
            throws IOException {
        String config = Files.readString(Repo.samples().resolve("existing-creds-form.json"));
        Deployment d = store.create(DeploymentRequests.newRequest("as-deployed-" + System.nanoTime(), config, Clock.systemUTC()));
        requester.publish(DeploymentRequests.requested(d, "/cloudrig/as-deployed"));

        deliver("createServers", d, EventType.DEPLOYMENT_REQUESTED);
        deliver("deployEngine", d, EventType.SERVERS_CREATED);
        CloudEvent finished = outcome(d, EventType.DEPLOYMENT_FINISHED);
        assertThat(DeploymentEvents.requestOf(finished)).as("the outcome answers the request")
                .isEqualTo(DeploymentRequests.requested(d, "/x").getId());
        Deployment done = store.get(d.id()).orElseThrow();
        assertThat(done.status()).isEqualTo(DeploymentStatus.DEPLOY_FINISHED);
        assertThat(done.credentials().toString()).doesNotContain("Pw-creds-admin-Q9w4");

        requester.publish(DeploymentRequests.destroy(done, false, "/cloudrig/as-deployed"));
        deliver("cleanup", d, EventType.DESTROY_REQUESTED);
        assertThat(outcome(d, EventType.DEPLOYMENT_DESTROYED).getSubject()).isEqualTo(d.id());
        assertThat(store.get(d.id())).as("destroyed").isEmpty();
        for (Lambda l : LAMBDAS.values()) {
            assertThat(l.process().output()).as("%s's output carries no secret", l.function()).doesNotContain("Pw-creds-admin-Q9w4");
        }
    }

    @Test
    void aRequestNamingAPluginThatCannotRunOnLambda_isRefusedAtOnce_namingThePluginAndTheMode() throws IOException {
        String config = Files.readString(Repo.samples().resolve("devstack.json"))
                .replace("\"type\": \"DummyProvider\",\n        \"credentials\": [{\"user\": \"root\", \"host\": \"10.2.0.8\"}]",
                        "\"type\": \"VirshProvider\", \"connection\": \"root@192.0.2.5\", \"template_name\": \"tpl\","
                                + " \"template_user\": \"ubuntu\", \"template_password\": \"password\"");
        assertThat(config).contains("VirshProvider");
        Deployment d = store.create(DeploymentRequests.newRequest("as-deployed-virsh-" + System.nanoTime(), config,
                Clock.systemUTC()));
        requester.publish(DeploymentRequests.requested(d, "/cloudrig/as-deployed"));

        deliver("createServers", d, EventType.DEPLOYMENT_REQUESTED);
        Deployment failed = store.get(d.id()).orElseThrow();
        assertThat(failed.status()).isEqualTo(DeploymentStatus.DEPLOY_FAILED);
        assertThat(failed.errorCode()).isEqualTo(ErrorCode.INVALID_CONFIG);
        assertThat(failed.errorMessage()).contains("$.provider.type: expected a provider that can run on LAMBDA")
                .contains("'VirshProvider', which runs on SERVICE, EMBEDDED only");
        assertThat(outcome(d, EventType.DEPLOYMENT_FAILED).getSubject()).isEqualTo(d.id());
    }

    /**
     * An invocation that is no SQS event at all (not JSON) fails as a whole: the runtime posts it to the Runtime API's
     * error route (Lambda would retry the batch, then dead-letter it by the redrive policy), and handles the next one.
     */
    @Test
    void anInvocationThatIsNoSqsEvent_failsThroughTheRuntimeApisErrorRoute_andTheRuntimeHandlesTheNextOne() {
        Lambda l = LAMBDAS.get("createServers");
        await(l, l.first(), FIRST_EVENT_WAIT);
        LambdaRuntimeApi.Result broken = await(l, l.api().invoke("{\"Records\": [", l.timeout()), EVENT_WAIT);
        assertThat(broken.success()).as("the response to a truncated event: %s", broken.body()).isFalse();
        assertThat(broken.errorType()).as("Lambda-Runtime-Function-Error-Type").isNotBlank();
        assertThat(Json.parse(broken.body(), "error document").has("errorMessage")).as("an error document: %s", broken.body())
                .isTrue();

        // the next invocation: a real batch (Lambda never sends an empty one), whose record is poison of another kind
        String poison = "neither a CloudEvent {";
        sqs.sendMessage(b -> b.queueUrl(mq.queueUrl(prefix + "createServers")).messageBody(poison));
        SqsEventSource.Batch batch = eventSource.receive(prefix + "createServers", 1, m -> m.body().equals(poison),
                l.timeout().multipliedBy(6));
        LambdaRuntimeApi.Result next = await(l, l.api().invoke(batch.event(), l.timeout()), EVENT_WAIT);
        assertThat(next.success()).as("the next invocation: %s", next.body()).isTrue();
        assertThat(eventSource.settle(batch, next.body())).containsExactlyElementsOf(batch.ids());
        assertThat(eventSource.takeOne(prefix + "createServers-dlq", m -> m.body().equals(poison))).isNotNull();
        assertThat(l.process().isAlive()).isTrue();
    }

    // ------------------------------------------------------------------ helpers

    /**
     * Like the event source mapping of {@code function}'s queue: receives the message of type {@code type} for
     * {@code d} (what the requester or the function before published), invokes the function with it, and settles the
     * batch: the function handled it without a batch item failure.
     */
    private static void deliver(String function, Deployment d, EventType type) {
        Lambda l = LAMBDAS.get(function);
        await(l, l.first(), FIRST_EVENT_WAIT);
        SqsEventSource.Batch batch = eventSource.receive(prefix + function, 1, m -> m.body().contains(d.id())
                && type.type().equals(attribute(m, SqsQueues.TYPE_ATTRIBUTE)), l.timeout().multipliedBy(6));
        LambdaRuntimeApi.Result r = await(l, l.api().invoke(batch.event(), l.timeout()), EVENT_WAIT);
        assertThat(r.success()).as("%s handled %s: %s", function, type.type(), r.body()).isTrue();
        assertThat(eventSource.settle(batch, r.body())).as("%s's batchItemFailures", function).isEmpty();
    }

    /** The outcome event of {@code type} for {@code d} in the events queue (taken from it). */
    private static CloudEvent outcome(Deployment d, EventType type) {
        return DeploymentEvents.parse(eventSource.takeOne(prefix + "events", m -> m.body().contains(d.id())
                && type.type().equals(attribute(m, SqsQueues.TYPE_ATTRIBUTE))).body());
    }

    private static String attribute(Message m, String name) {
        var a = m.messageAttributes().get(name);
        return a == null ? null : a.stringValue();
    }

    private static LambdaRuntimeApi.Result await(Lambda l, CompletableFuture<LambdaRuntimeApi.Result> r, Duration wait) {
        try {
            return r.get(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new AssertionError(l.function() + " (handler " + handler + ", export " + l.export() + ") gave no result: "
                    + (e instanceof ExecutionException ? e.getCause().getMessage() : "none after " + wait.toSeconds() + " s")
                    + "; runtime " + (l.process().isAlive() ? "running" : "exited") + "; its output (" + l.process().log()
                    + "):\n" + tail(l.process().output()), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    private static String tail(String s) {
        return s.length() > 6000 ? "..." + s.substring(s.length() - 6000) : s;
    }

    /** The environment Terraform gives function {@code f} (variables at their defaults), without what needs apply. */
    private static Map<String, String> environment(String f) {
        JsonNode variables = tf.resource("aws_lambda_function", "this").path("environment").path(0).path("variables");
        Map<String, String> env = new TreeMap<>();
        List<String> unknown = new ArrayList<>();
        new TerraformValues(tf, f).strings(variables).forEach((k, v) -> {
            if (v.isPresent()) {
                env.put(k, v.get());
            } else {
                unknown.add(k);
            }
        });
        assertThat(unknown).as("environment variables of %s known only after apply", f)
                .containsExactlyInAnyOrderElementsOf(KNOWN_AFTER_APPLY);
        return env;
    }

    private static Map<String, String> exports() {
        Map<String, String> out = new LinkedHashMap<>();
        tf.local("function_exports").fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
        return out;
    }

    private static List<String> queueFunctions() {
        return Hcl.literalStrings(tf.local("queue_functions"), "local.queue_functions");
    }

    /** The type of the event for no deployment each function gets first: one it takes. */
    private static String firstTypeFor(String function) {
        switch (function) {
            case "deployEngine":
                return EventType.SERVERS_CREATED.type();
            case "cleanup":
                return EventType.DESTROY_REQUESTED.type();
            default:
                return EventType.DEPLOYMENT_REQUESTED.type();
        }
    }

    /** The queues of {@code local.queue_names} with their dead-letter queues and redrive, named as Terraform names them. */
    private static void createQueuesAsTerraformDoes() {
        JsonNode queue = tf.resource("aws_sqs_queue", "this");
        JsonNode dlq = tf.resource("aws_sqs_queue", "dlq");
        int maxReceiveCount = tf.variable("max_receive_count").path("default").asInt();
        List<String> names = new ArrayList<>(queueFunctions());
        names.add("events");
        for (String key : names) {
            TerraformValues v = new TerraformValues(tf, key);
            String dlqName = v.string(dlq.path("name")).orElseThrow();
            String name = v.string(queue.path("name")).orElseThrow();
            String dlqUrl = sqs.createQueue(b -> b.queueName(dlqName)).queueUrl();
            String dlqArn = sqs.getQueueAttributes(b -> b.queueUrl(dlqUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
                    .attributes().get(QueueAttributeName.QUEUE_ARN);
            String redrive = Json.write(Map.of("deadLetterTargetArn", dlqArn, "maxReceiveCount", String.valueOf(maxReceiveCount)));
            sqs.createQueue(b -> b.queueName(name).attributes(Map.of(QueueAttributeName.REDRIVE_POLICY, redrive)));
        }
    }
}
