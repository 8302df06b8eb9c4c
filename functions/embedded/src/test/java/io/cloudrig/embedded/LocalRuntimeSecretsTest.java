package io.cloudrig.embedded;

import io.cloudrig.aws.AwsClients;
import io.cloudrig.aws.AwsEndpoint;
import io.cloudrig.aws.LocalCredentials;
import io.cloudrig.delivery.kafka.KafkaPublisher;
import io.cloudrig.infra.PrivateFiles;
import io.cloudrig.model.CloudrigException;
import io.cloudrig.model.Deployment;
import io.cloudrig.model.DeploymentStatus;
import io.cloudrig.model.Server;
import io.cloudrig.model.store.DeploymentStore;
import io.cloudrig.model.store.DynamoDbDeploymentStore;
import io.cloudrig.model.store.MasterKey;
import io.cloudrig.orchestration.DeploymentRequests;
import io.cloudrig.testkit.Await;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The embedded runtime as the CLI starts it (its own process, {@code CLOUDRIG_HOME} in its environment, its output
 * appended to {@code runtime.log}): deployments with distinctive passwords go through it (one destroyed), then every
 * file and directory under the home is its user's only, no file under the home (DynamoDB Local's database, Kafka's
 * logs, the runtime's log) holds a password in clear, and none holds the destroyed deployment's data key or sealed
 * config any more (crypto-shredding, also of what SQLite would have kept of the deleted row).
 */
class LocalRuntimeSecretsTest {
    private static final String SOURCE = "test:/embedded-secrets";
    private static final List<String> PASSWORDS = List.of("Pw-url-N4k7", "Pw-admin-R2d8", "Pw-user-H6s1", "Pw-token-W3c9",
            "Pw-doomed-J5x2", "Pw-server-T8m4", "Pw-key-body-E1q6", "Hmac-Y7b3");

    @TempDir
    Path home;
    /** The destroyed deployment's wrapped data key and sealed config, as the table held them before the destroy. */
    private final List<String> shredded = new ArrayList<>();

    private static String cloud(String adminPassword) {
        return "{\"type\":\"ExistingCloud\",\"creds\":{\"openstack\":{\"auth_url\":\"http://admin:Pw-url-N4k7@keystone.example:5000/v3/\","
                + "\"region_name\":\"RegionOne\",\"profiler_hmac_key\":\"Hmac-Y7b3\",\"api_info\":{\"nova\":{\"auth_token\":\"Pw-token-W3c9\"}},"
                + "\"admin\":{\"username\":\"admin\",\"password\":\"" + adminPassword + "\",\"project_name\":\"admin\","
                + "\"user_domain_name\":\"Default\",\"project_domain_name\":\"Default\"},"
                + "\"users\":[{\"username\":\"demo\",\"password\":\"Pw-user-H6s1\",\"project_name\":\"demo\","
                + "\"user_domain_name\":\"Default\",\"project_domain_name\":\"Default\"}]}}}";
    }

    private Process spawn() throws IOException {
        List<String> cmd = List.of(Paths.get(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m",
                "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                LocalRuntimeMain.class.getName());
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().keySet().removeIf(k -> k.startsWith("CLOUDRIG_"));
        pb.environment().put(RuntimeHome.VARIABLE, home.toString());
        // as the CLI does: the log is created (with this process's umask) before the runtime runs
        pb.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(home.resolve("runtime.log").toFile()));
        return pb.start();
    }

    private String log() throws IOException {
        return Files.readString(home.resolve("runtime.log"), StandardCharsets.UTF_8);
    }

    @Test
    void runtime_keepsItsHomePrivate_andNoFileUnderItHoldsAPasswordInClear() throws Exception {
        Process runtime = spawn();
        try {
            RuntimeInfo info = Await.until("the runtime is ready", Duration.ofSeconds(180),
                    () -> RuntimeInfo.read(home).filter(RuntimeInfo::isAnswering), () -> {
                        try {
                            return log();
                        } catch (IOException e) {
                            return e.toString();
                        }
                    });
            URI endpoint = URI.create(info.dynamoDbEndpoint());
            exercise(endpoint, info.kafkaBootstrap());
        } finally {
            runtime.destroy(); // SIGTERM: the runtime's shutdown hook stops it
            if (!runtime.waitFor(60, TimeUnit.SECONDS)) {
                runtime.destroyForcibly();
            }
        }

        List<Path> shared = new ArrayList<>();
        List<Path> files = new ArrayList<>();
        try (Stream<Path> all = Files.walk(home)) {
            all.forEach(p -> {
                if (PrivateFiles.isShared(p)) {
                    shared.add(p);
                }
                if (Files.isRegularFile(p)) {
                    files.add(p);
                }
            });
        }
        assertThat(shared).as("files or directories others can use").isEmpty();
        assertThat(files).as("DynamoDB Local's database is among them").contains(home.resolve("dynamodb/shared-local-instance.db"));
        assertThat(shredded).hasSize(2);
        String kafkaPassword = Files.readString(LocalKafkaUser.fileIn(home)).replaceAll("(?s).*password=\"([^\"]+)\".*", "$1");
        assertThat(kafkaPassword).hasSize(40);
        for (Path f : files) {
            String content = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
            for (String p : PASSWORDS) {
                assertThat(content).as("%s in %s", p, home.relativize(f)).doesNotContain(p);
            }
            if (!f.equals(LocalKafkaUser.fileIn(home))) {
                assertThat(content).as("the Kafka user's password in %s", home.relativize(f)).doesNotContain(kafkaPassword);
            }
            for (String s : shredded) {
                // the base64 body: a destroyed deployment's data key and sealed values are gone from every file
                assertThat(content).as("destroyed deployment's %s in %s", s.substring(0, 8), home.relativize(f))
                        .doesNotContain(s.substring(s.lastIndexOf(':') + 1));
            }
        }
    }

    /** What the CLI of this home does, and what a stranger cannot do. */
    private void exercise(URI endpoint, String kafka) {
        try (DynamoDbClient stranger = AwsClients.configure(DynamoDbClient.builder(), AwsEndpoint.at(endpoint))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local"))).build()) {
            assertThatThrownBy(stranger::listTables).isInstanceOf(DynamoDbException.class)
                    .hasMessageContaining("security token included in the request is invalid");
        }
        try (KafkaPublisher stranger = new KafkaPublisher(KafkaPublisher.Settings.of(kafka, "embedded-secrets-stranger")
                .withAttempts(1).withAckTimeout(Duration.ofSeconds(3)))) {
            // without the home's Kafka user the broker answers nothing: no request reaches the functions
            assertThatThrownBy(() -> stranger.publish(DeploymentRequests.requested(
                    Deployment.newDeployment("stranger", cloud("Pw-url-N4k7")), SOURCE))).isInstanceOf(CloudrigException.class);
        }
        try (DynamoDbClient client = AwsClients.configure(DynamoDbClient.builder(), AwsEndpoint.at(endpoint))
                .credentialsProvider(LocalCredentials.forLoopback(endpoint, home)).build();
             KafkaPublisher publisher = new KafkaPublisher(KafkaPublisher.Settings.of(kafka, "embedded-secrets-test")
                     .withClientProperties(LocalKafkaUser.clientOf(home)))) {
            DynamoDbDeploymentStore store = DynamoDbDeploymentStore.builder().client(client)
                    .tableName(DynamoDbDeploymentStore.DEFAULT_TABLE).secrets(MasterKey.inHome(home)).build();

            Deployment kept = store.create(Deployment.newDeployment("kept", cloud("Pw-admin-R2d8")));
            Deployment doomed = store.create(Deployment.newDeployment("doomed", cloud("Pw-doomed-J5x2")));
            publisher.publish(DeploymentRequests.requested(kept, SOURCE));
            publisher.publish(DeploymentRequests.requested(doomed, SOURCE));
            for (Deployment d : List.of(kept, doomed)) {
                Deployment done = Await.until(d.name() + " deployed", Duration.ofSeconds(120), () -> store.get(d.id())
                        .filter(x -> x.status() == DeploymentStatus.DEPLOY_FINISHED));
                assertThat(done.credentials().isEmpty()).isFalse();
            }
            Deployment k = store.get(kept.id()).orElseThrow();
            store.update(k.id(), k.version(), DeploymentStore.Change.builder().servers(List.of(Server.builder()
                    .host("10.0.0.9").password("Pw-server-T8m4").privateKey("-----BEGIN OPENSSH PRIVATE KEY-----\n"
                            + "Pw-key-body-E1q6\n-----END OPENSSH PRIVATE KEY-----\n").build())));
            Map<String, AttributeValue> raw = client.getItem(b -> b.tableName(DynamoDbDeploymentStore.DEFAULT_TABLE)
                    .key(Map.of("pk", AttributeValue.fromS("DEP#" + doomed.id()), "sk", AttributeValue.fromS("#META")))).item();
            shredded.add(raw.get("dataKey").s());
            shredded.add(raw.get("config").s());
            publisher.publish(DeploymentRequests.destroy(store.get(doomed.id()).orElseThrow(), false, SOURCE));
            Await.until("doomed destroyed", Duration.ofSeconds(120), () -> store.get(doomed.id()).isEmpty());
            assertThat(store.get(kept.id()).orElseThrow().servers()).extracting(Server::password)
                    .containsExactly("Pw-server-T8m4");
            assertThat(Map.of("admin", store.get(kept.id()).orElseThrow().credentials().forPlatform("openstack").get(0)
                    .admin().password())).containsEntry("admin", "Pw-admin-R2d8");
        }
    }
}
