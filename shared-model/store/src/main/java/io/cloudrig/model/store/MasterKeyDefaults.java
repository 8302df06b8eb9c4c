package io.cloudrig.model.store;

import io.cloudrig.aws.AwsClients;
import io.cloudrig.aws.AwsEndpoint;
import io.cloudrig.aws.KeyFiles;
import io.cloudrig.model.CloudrigException;
import io.cloudrig.model.ErrorCode;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.kms.KmsClient;

import java.net.URI;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * The master key of a store built without one ({@link DynamoDbDeploymentStore.Builder#secrets}), from settings:
 * <ol>
 * <li>a KMS key id in {@value #KMS_KEY_PROPERTY} (system property) or {@value #KMS_KEY_VARIABLE} (environment, which is
 * also how Quarkus config and Terraform pass it): that KMS key, in the DynamoDB client's region;</li>
 * <li>else a key file in {@value #KEY_FILE_PROPERTY} or {@value #KEY_FILE_VARIABLE};</li>
 * <li>else, for a DynamoDB on this machine (a loopback endpoint: the embedded runtime, DynamoDB Local in tests), the
 * embedded runtime's key file {@code $CLOUDRIG_HOME/keys/master.key} ({@code ~/.cloudrig} without
 * {@code CLOUDRIG_HOME}), so the CLI and the runtime of one home agree without being told;</li>
 * <li>else (DynamoDB in AWS with no key configured) none: building the store fails, naming the setting.</li>
 * </ol>
 */
final class MasterKeyDefaults {
    static final String KMS_KEY_PROPERTY = "cloudrig.secrets.kms-key-id";
    static final String KMS_KEY_VARIABLE = "CLOUDRIG_SECRETS_KMS_KEY_ID";
    static final String KEY_FILE_PROPERTY = "cloudrig.secrets.key-file";
    static final String KEY_FILE_VARIABLE = "CLOUDRIG_SECRETS_KEY_FILE";

    private MasterKeyDefaults() {
    }

    static MasterKey resolve(DynamoDbClient client, Map<String, String> env, Properties props) {
        Optional<URI> endpoint = client.serviceClientConfiguration().endpointOverride();
        String kmsKey = setting(props, KMS_KEY_PROPERTY, env, KMS_KEY_VARIABLE);
        if (kmsKey != null) {
            Region region = client.serviceClientConfiguration().region();
            return MasterKey.kms(AwsClients.build(KmsClient.builder(), AwsEndpoint.aws(region == null ? null : region.id())),
                    kmsKey);
        }
        String file = setting(props, KEY_FILE_PROPERTY, env, KEY_FILE_VARIABLE);
        if (file != null) {
            return MasterKey.keyFile(Paths.get(file));
        }
        if (endpoint.map(AwsEndpoint::at).filter(AwsEndpoint::isLoopback).isPresent()) {
            return MasterKey.inHome(home(env, props));
        }
        throw new CloudrigException(ErrorCode.INVALID_CONFIG, "secrets: the deployment store "
                + endpoint.map(e -> "at " + e).orElse("in AWS") + " has no master key for the secrets it keeps: set "
                + KMS_KEY_VARIABLE + " (or the property " + KMS_KEY_PROPERTY + ") to the AWS KMS key (key id, ARN or"
                + " alias/...) on which these credentials may call kms:GenerateDataKey and kms:Decrypt");
    }

    /** {@code $CLOUDRIG_HOME}, else {@code ~/.cloudrig} (as the embedded runtime's RuntimeHome resolves it). */
    static Path home(Map<String, String> env, Properties props) {
        return KeyFiles.home(env, props);
    }

    private static String setting(Properties props, String property, Map<String, String> env, String variable) {
        String v = props.getProperty(property);
        if (v == null || v.isBlank()) {
            v = env.get(variable);
        }
        return v == null || v.isBlank() ? null : v.trim();
    }
}
