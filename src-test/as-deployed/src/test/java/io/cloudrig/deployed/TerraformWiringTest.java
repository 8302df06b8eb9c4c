package io.cloudrig.deployed;

import com.fasterxml.jackson.databind.JsonNode;
import io.cloudrig.model.store.DeploymentTable;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.provider.EventFormatProvider;
import io.cloudevents.jackson.JsonFormat;
import io.cloudrig.model.Json;
import io.cloudrig.model.events.DeploymentRequestEvents;
import io.cloudrig.model.events.EventType;
import io.cloudrig.testkit.Repo;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Terraform wiring in {@code terraform/}, read from the HCL itself (HashiCorp's parser, {@link Hcl2Json}), against
 * the artifact it deploys ({@code functions/lambda/target/function.zip}) and the code's needs. Each test is one rule and
 * fails when the HCL breaks it; expression shapes are compared as text, so a refactoring of the module that keeps the
 * rule but changes the shape fails here too, with the text found, and this test is then adjusted on purpose.
 * What is not checked offline (the AWS provider's schema, plan, apply): terraform/README.md.
 */
class TerraformWiringTest {
    /** The Lambda functions of the module, by the key Terraform names them with. */
    private static final List<String> FUNCTIONS = List.of("createServers", "deployEngine", "cleanup", "sweep");
    /** The functions fed by their own SQS queue (the sweeper runs on a schedule). */
    private static final List<String> QUEUE_FUNCTIONS = List.of("createServers", "deployEngine", "cleanup");
    /** SQS: the longest visibility timeout (12 h) and the factor AWS advises over the function timeout. */
    private static final int SQS_MAX_VISIBILITY_SECONDS = 43_200;
    private static final int VISIBILITY_FACTOR = 6;
    private static final int LAMBDA_MAX_TIMEOUT_SECONDS = 900;
    private static final Pattern VISIBILITY = Pattern.compile("^(\\d+) \\* var\\.lambda_timeouts_seconds\\.(\\w+)$");
    private static final Pattern POLICY_DOCUMENT = Pattern.compile("^one\\(data\\.aws_iam_policy_document\\.(\\w+)\\[\\*]\\.json\\)$");
    private static final Pattern INDEX_ARN = Pattern.compile("^\\$\\{aws_dynamodb_table\\.this\\[0]\\.arn}/index/(\\w+)$");
    /** The secrets key of the store's envelope encryption (aws_kms_key.secrets), and all a function may do with it. */
    private static final String SECRETS_KEY = "key:secrets";
    /** local.secrets_key_arn, the key every role names: var.kms_key_arn, else aws_kms_key.secrets. */
    private static final String SECRETS_KEY_ARN = "var.create ? coalesce(var.kms_key_arn, try(aws_kms_key.secrets[0].arn, null)) : \"\"";
    private static final String[] KMS_ACTIONS = {"kms:GenerateDataKey", "kms:Decrypt"};
    /** The Lambda's config mapping in the zip: every CLOUDRIG_* variable Terraform sets must be one of its keys. */
    private static final String LAMBDA_CONFIG = "io.cloudrig.lambda.LambdaConfig";
    /** The Lambda artifact: what functions/lambda's quarkus:build writes. */
    private static final String LAMBDA_ZIP = "functions/lambda/target/function.zip";
    private static final Pattern LOG_STREAMS = Pattern.compile("^\\$\\{aws_cloudwatch_log_group\\.this\\[\"(\\w+)\"]\\.arn}:\\*$");

    /**
     * Exactly what each function's role may do, as "action on resource" (table, index:NAME, queue:NAME, dlq:NAME,
     * logs:FUNCTION), derived from the code (terraform/iam.tf repeats the derivation):
     * <ul>
     * <li>DynamoDB, DynamoDbDeploymentStore's calls on each step's path. Every step: processedEvent/get/wasDeleted →
     * GetItem, markEventProcessed → PutItem, claim/heartbeat/transition/hand-over → UpdateItem. The ResourceLedger a
     * step hands its plugins (createServers, deployEngine, cleanup): find → GetItem, begin → TransactWriteItems
     * authorised per item as PutItem + UpdateItem, created/deleting → UpdateItem, forget → DeleteItem + UpdateItem,
     * list → Query on the table. deployEngine: sub-deployments getByName → GetItem, create → PutItem; listChildren →
     * Query on gsi1. cleanup: listChildren → Query on gsi1, delete → DeleteItem + PutItem (tombstone). sweep:
     * findExpiredLeases/findLeasesHeldBy → Query on gsi2, transition/clearLease → UpdateItem, failParent → GetItem. No
     * ConditionCheck item is ever written; DescribeTable/CreateTable/Scan run only against local endpoints.</li>
     * <li>SQS, SqsEvents: GetQueueUrl + SendMessage to the queue of the consumer of every event type the function
     * emits (SqsQueues.queueFor); SendMessage to its own DLQ and DeleteMessage on its own queue for a poison record
     * (GetQueueUrl on both); the event source mapping: ReceiveMessage, DeleteMessage, GetQueueAttributes on its own
     * queue; SendMessage to its own queue for the continuation of a step that outlives its invocation. createServers
     * emits servers_created, destroy_requested, outcomes; deployEngine requested (children), children_finished,
     * destroy_requested, outcomes; cleanup requested (recreate), destroy_requested (children,
     * parent), outcomes; sweep failed/cleanup_failed, destroy_requested.</li>
     * <li>KMS: GenerateDataKey + Decrypt on the secrets key, nothing else (the store's envelope encryption).</li>
     * <li>Logs: CreateLogStream + PutLogEvents on its own log group only (Terraform creates the group).</li>
     * </ul>
     */
    private static final Map<String, Set<String>> EXPECTED_GRANTS = Map.of(
            "createServers", grants(
                    on("table", "dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem", "dynamodb:Query"),
                    on("queue:deployEngine", "sqs:GetQueueUrl", "sqs:SendMessage"),
                    on("queue:cleanup", "sqs:GetQueueUrl", "sqs:SendMessage"),
                    on("queue:events", "sqs:GetQueueUrl", "sqs:SendMessage"),
                    on("queue:createServers", "sqs:GetQueueUrl", "sqs:SendMessage", "sqs:ReceiveMessage", "sqs:DeleteMessage",
                            "sqs:GetQueueAttributes"),
                    on("dlq:createServers", "sqs:GetQueueUrl", "sqs:SendMessage"),
                    on(SECRETS_KEY, KMS_ACTIONS),
                    on("logs:createServers", "logs:CreateLogStream", "logs:PutLogEvents")),
            "deployEngine", grants(
                    on("table", "dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem", "dynamodb:Query"),
                    on("index:gsi1", "dynamodb:Query"),
                    on("queue:createServers", "sqs:GetQueueUrl", "sqs:SendMessage"),
                    on("queue:cleanup", "sqs:GetQueueUrl", "sqs:SendMessage"),
                    on("queue:events", "sqs:GetQueueUrl", "sqs:SendMessage"),
                    on("queue:deployEngine", "sqs:GetQueueUrl", "sqs:SendMessage", "sqs:ReceiveMessage", "sqs:DeleteMessage",
                            "sqs:GetQueueAttributes"),
                    on("dlq:deployEngine", "sqs:GetQueueUrl", "sqs:SendMessage"),
                    on(SECRETS_KEY, KMS_ACTIONS),
                    on("logs:deployEngine", "logs:CreateLogStream", "logs:PutLogEvents")),
            "cleanup", grants(
                    on("table", "dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem", "dynamodb:Query"),
                    on("index:gsi1", "dynamodb:Query"),
                    on("queue:createServers", "sqs:GetQueueUrl", "sqs:SendMessage"),
                    on("queue:events", "sqs:GetQueueUrl", "sqs:SendMessage"),
                    on("queue:cleanup", "sqs:GetQueueUrl", "sqs:SendMessage", "sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes"),
                    on("dlq:cleanup", "sqs:GetQueueUrl", "sqs:SendMessage"),
                    on(SECRETS_KEY, KMS_ACTIONS),
                    on("logs:cleanup", "logs:CreateLogStream", "logs:PutLogEvents")),
            "sweep", grants(
                    on("table", "dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem"),
                    on("index:gsi2", "dynamodb:Query"),
                    on("queue:createServers", "sqs:GetQueueUrl", "sqs:SendMessage"),
                    on("queue:cleanup", "sqs:GetQueueUrl", "sqs:SendMessage"),
                    on("queue:events", "sqs:GetQueueUrl", "sqs:SendMessage"),
                    on(SECRETS_KEY, KMS_ACTIONS),
                    on("logs:sweep", "logs:CreateLogStream", "logs:PutLogEvents")));

    private static TerraformModule tf;
    private static FunctionZip zip;

    @BeforeAll
    static void readModuleAndArtifact() {
        Path module = Repo.path("src-test", "as-deployed");
        tf = TerraformModule.load(Repo.path("terraform"), module.resolve("src/test/hcl2json"), module.resolve("target/hcl2json"));
        zip = FunctionZip.open(Repo.path(tf.variable("lambda_zip_path").path("default").asText()), module.resolve("target/function-zip"));
    }

    @AfterAll
    static void closeArtifact() throws IOException {
        if (zip != null) {
            zip.close();
        }
    }

    @Test
    void eachFunction_runsAHandlerInTheZip_exportingAFunqFunctionOfTheApp() {
        JsonNode fn = tf.resource("aws_lambda_function", "this");
        assertThat(expr(fn, "for_each")).as("aws_lambda_function.this for_each").isEqualTo("local.lambdas");
        assertThat(expr(tf.local("lambdas"))).as("local.lambdas").contains("local.function_exports");
        assertThat(fn.path("handler").isTextual() && !fn.path("handler").asText().contains("${"))
                .as("aws_lambda_function.this handler is a literal: %s", fn.path("handler")).isTrue();
        String handler = fn.path("handler").asText();
        assertThat(zip.streamHandlerProblem(handler)).as("handler '%s' in %s", handler, zip.zip()).isEmpty();

        JsonNode env = fn.path("environment").path(0).path("variables");
        assertThat(expr(env, "QUARKUS_FUNQY_EXPORT")).as("QUARKUS_FUNQY_EXPORT").isEqualTo("local.function_exports[each.key]");
        assertThat(env.path("CLOUDRIG_TRANSPORT").asText()).as("CLOUDRIG_TRANSPORT").isEqualTo("sqs");
        Set<String> readable = new TreeSet<>();
        zip.configKeys(LAMBDA_CONFIG, "cloudrig").forEach(k -> readable.add(k.toUpperCase(java.util.Locale.ROOT)
                .replaceAll("[^A-Z0-9]", "_")));
        env.fieldNames().forEachRemaining(name -> {
            if (name.startsWith("CLOUDRIG_")) {
                assertThat(readable).as("%s is a key of %s in the zip", name, LAMBDA_CONFIG).contains(name);
            }
        });
        for (String f : QUEUE_FUNCTIONS) {
            String var = "CLOUDRIG_LAMBDA_" + f.replaceAll("([a-z])([A-Z])", "$1_$2").toUpperCase(java.util.Locale.ROOT) + "_TIMEOUT";
            assertThat(expr(env, var)).as("%s: every function knows %s's timeout", var, f)
                    .isEqualTo("var.lambda_timeouts_seconds." + f);
        }
        Map<String, String> exports = literalMap(tf.local("function_exports"), "local.function_exports");
        assertThat(exports.keySet()).as("the functions of local.function_exports").containsExactlyInAnyOrderElementsOf(FUNCTIONS);

        Map<String, String> funqs = zip.funqFunctions("io.cloudrig");
        SoftAssertions soft = new SoftAssertions();
        exports.forEach((function, export) -> soft.assertThat(funqs).as("function %s exports '%s': the @Funq functions "
                + "of the app in %s", function, export, zip.zip().getFileName()).containsKey(export));
        soft.assertAll();
    }

    /**
     * What Terraform deploys by default is the Lambda module's build ({@value #LAMBDA_ZIP}, the zip the other rules and
     * LambdaArtifactTest open through the same default); with {@code lambda_s3} the same artifact comes from S3 instead,
     * never both.
     */
    @Test
    void artifact_isTheLambdaModulesZip_fromTheLocalFileOrFromS3() {
        JsonNode fn = tf.resource("aws_lambda_function", "this");
        SoftAssertions soft = new SoftAssertions();
        soft.assertThat(tf.variable("lambda_zip_path").path("default").asText()).as("lambda_zip_path default")
                .isEqualTo(LAMBDA_ZIP);
        soft.assertThat(expr(fn, "filename")).isEqualTo("var.lambda_s3 == null ? var.lambda_zip_path : null");
        soft.assertThat(expr(fn, "source_code_hash")).as("a new zip is a new deployment")
                .isEqualTo("var.lambda_s3 == null ? filebase64sha256(var.lambda_zip_path) : null");
        soft.assertThat(expr(fn, "s3_bucket")).isEqualTo("try(var.lambda_s3.bucket, null)");
        soft.assertThat(expr(fn, "s3_key")).isEqualTo("try(var.lambda_s3.key, null)");
        soft.assertThat(expr(fn, "s3_object_version")).isEqualTo("try(var.lambda_s3.object_version, null)");
        soft.assertThat(tf.variable("lambda_s3").path("default").isNull()).as("lambda_s3 default: the local file").isTrue();
        soft.assertAll();
    }

    @Test
    void eachQueue_hasADeadLetterQueue_withRedriveFromItAlone() {
        assertThat(Hcl.literalStrings(tf.local("queue_functions"), "local.queue_functions")).isEqualTo(QUEUE_FUNCTIONS);
        assertThat(expr(tf.local("queue_names"))).isEqualTo("concat(local.queue_functions, [\"events\"])");
        assertThat(expr(tf.local("queues"))).isEqualTo("var.create ? toset(local.queue_names) : toset([])");

        JsonNode queue = tf.resource("aws_sqs_queue", "this");
        JsonNode dlq = tf.resource("aws_sqs_queue", "dlq");
        JsonNode redrive = tf.resource("aws_sqs_queue_redrive_policy", "this");
        JsonNode allow = tf.resource("aws_sqs_queue_redrive_allow_policy", "this");
        SoftAssertions soft = new SoftAssertions();
        for (var r : Map.of("aws_sqs_queue.this", queue, "aws_sqs_queue.dlq", dlq, "aws_sqs_queue_redrive_policy.this", redrive,
                "aws_sqs_queue_redrive_allow_policy.this", allow).entrySet()) {
            soft.assertThat(expr(r.getValue(), "for_each")).as("%s for_each: one per queue", r.getKey()).isEqualTo("local.queues");
        }
        soft.assertThat(queue.has("redrive_policy")).as("aws_sqs_queue.this sets no inline redrive_policy (the "
                + "aws_sqs_queue_redrive_policy resource owns it)").isFalse();
        soft.assertThat(dlq.has("redrive_policy")).as("a dead-letter queue redrives nowhere").isFalse();

        soft.assertThat(expr(redrive, "queue_url")).as("redrive policy on").isEqualTo("aws_sqs_queue.this[each.key].id");
        Map<String, String> policy = Hcl.objectAttributes(expr(redrive, "redrive_policy"));
        soft.assertThat(policy).as("redrive_policy").containsEntry("deadLetterTargetArn", "aws_sqs_queue.dlq[each.key].arn")
                .containsEntry("maxReceiveCount", "var.max_receive_count").hasSize(2);
        soft.assertThat(tf.variable("max_receive_count").path("default").asInt()).as("max_receive_count default").isPositive();

        soft.assertThat(expr(allow, "queue_url")).as("redrive-allow policy on").isEqualTo("aws_sqs_queue.dlq[each.key].id");
        Map<String, String> allowPolicy = Hcl.objectAttributes(expr(allow, "redrive_allow_policy"));
        soft.assertThat(allowPolicy).as("redrive_allow_policy").containsEntry("redrivePermission", "\"byQueue\"")
                .containsEntry("sourceQueueArns", "[aws_sqs_queue.this[each.key].arn]").hasSize(2);

        // AWS: a DLQ's retention should exceed its source queue's (an expired message is gone from both)
        int sourceRetention = queue.has("message_retention_seconds") ? queue.path("message_retention_seconds").asInt() : 345_600;
        soft.assertThat(dlq.path("message_retention_seconds").asInt()).as("DLQ retention (s) over the queue's")
                .isGreaterThan(sourceRetention);
        soft.assertAll();
    }

    @Test
    void eachEventSourceMapping_reportsBatchItemFailures_withBatchSizeAndVisibilityFittingItsFunctionTimeout() {
        JsonNode mapping = tf.resource("aws_lambda_event_source_mapping", "this");
        JsonNode fn = tf.resource("aws_lambda_function", "this");
        JsonNode queue = tf.resource("aws_sqs_queue", "this");
        SoftAssertions soft = new SoftAssertions();
        soft.assertThat(expr(mapping, "for_each")).as("mapping for_each").isEqualTo("local.mapped");
        soft.assertThat(expr(tf.local("mapped"))).as("local.mapped: the queue-fed functions")
                .isEqualTo("var.create ? toset(local.queue_functions) : toset([])");
        soft.assertThat(expr(mapping, "event_source_arn")).as("mapping source: the function's own queue")
                .isEqualTo("aws_sqs_queue.this[each.key].arn");
        soft.assertThat(expr(mapping, "function_name")).as("mapping target").isEqualTo("local.invoke_arns[each.key]");
        soft.assertThat(expr(tf.local("invoke_arns"))).as("local.invoke_arns: the function, or its alias with SnapStart")
                .isEqualTo("{ for f, fn in aws_lambda_function.this : f => var.snap_start ? aws_lambda_alias.this[f].arn : fn.arn }");
        soft.assertThat(Hcl.literalStrings(mapping.path("function_response_types"), "function_response_types"))
                .as("function_response_types").containsExactly("ReportBatchItemFailures");

        // batch: the records of one batch run one after another in one invocation, under one timeout
        soft.assertThat(expr(mapping, "batch_size")).as("batch_size").isEqualTo("var.batch_sizes[each.key]");
        Map<String, Integer> batch = tf.optionalNumberDefaults("batch_sizes");
        soft.assertThat(batch.keySet()).as("batch_sizes defaults").containsExactlyInAnyOrderElementsOf(QUEUE_FUNCTIONS);
        batch.forEach((f, b) -> soft.assertThat(b).as("default batch size of %s: each step may take its whole timeout "
                + "(servers booting, stack.sh, unstack.sh), so one record per invocation", f).isEqualTo(1));
        soft.assertThat(tf.variable("batch_sizes").path("validation").toString()).as("batch_sizes validation")
                .contains("b >= 1 && b <= 10");

        // visibility: at least 6 x the timeout of the function reading the queue, within SQS's 12 h for any timeout allowed
        soft.assertThat(expr(fn, "timeout")).as("function timeout").isEqualTo("var.lambda_timeouts_seconds[each.key]");
        Map<String, Integer> timeouts = tf.optionalNumberDefaults("lambda_timeouts_seconds");
        soft.assertThat(timeouts.keySet()).as("lambda_timeouts_seconds defaults").containsExactlyInAnyOrderElementsOf(FUNCTIONS);
        timeouts.forEach((f, t) -> soft.assertThat(t).as("default timeout of %s", f).isBetween(1, LAMBDA_MAX_TIMEOUT_SECONDS));
        soft.assertThat(tf.variable("lambda_timeouts_seconds").path("validation").toString())
                .as("lambda_timeouts_seconds validation caps every timeout at Lambda's 900 s").contains("t <= 900");
        soft.assertThat(expr(queue, "visibility_timeout_seconds")).as("queue visibility")
                .isEqualTo("local.visibility_timeout_seconds[each.key]");
        JsonNode visibility = tf.local("visibility_timeout_seconds");
        for (String f : QUEUE_FUNCTIONS) {
            String v = expr(visibility.path(f));
            Matcher m = VISIBILITY.matcher(v == null ? "" : v);
            soft.assertThat(m.matches()).as("local.visibility_timeout_seconds.%s is N * var.lambda_timeouts_seconds.%s: %s",
                    f, f, v).isTrue();
            if (m.matches()) {
                int factor = Integer.parseInt(m.group(1));
                soft.assertThat(m.group(2)).as("visibility of queue %s follows the timeout of", f).isEqualTo(f);
                soft.assertThat(factor).as("visibility factor of queue %s", f).isGreaterThanOrEqualTo(VISIBILITY_FACTOR);
                soft.assertThat(factor * LAMBDA_MAX_TIMEOUT_SECONDS).as("visibility of queue %s at the longest timeout", f)
                        .isLessThanOrEqualTo(SQS_MAX_VISIBILITY_SECONDS);
            }
        }
        soft.assertAll();
    }

    @Test
    void eachFunction_hasItsOwnRole_grantingExactlyWhatItsCodeCalls_onItsOwnResources() {
        JsonNode fn = tf.resource("aws_lambda_function", "this");
        JsonNode role = tf.resource("aws_iam_role", "this");
        JsonNode rolePolicy = tf.resource("aws_iam_role_policy", "this");
        SoftAssertions soft = new SoftAssertions();
        soft.assertThat(expr(fn, "role")).as("function role").isEqualTo("aws_iam_role.this[each.key].arn");
        soft.assertThat(expr(role, "for_each")).as("one role per function").isEqualTo("local.lambdas");
        soft.assertThat(expr(role, "assume_role_policy")).isEqualTo("data.aws_iam_policy_document.assume[0].json");
        soft.assertThat(grantsOf("assume")).as("who assumes the function roles")
                .containsExactly("sts:AssumeRole by Service:lambda.amazonaws.com");
        soft.assertThat(role.has("managed_policy_arns") || role.has("inline_policy")).as("role carries no other policy").isFalse();
        soft.assertThat(tf.findResource("aws_iam_role_policy_attachment", "this")).as("no managed policy attached").isEmpty();
        soft.assertThat(expr(rolePolicy, "for_each")).as("one policy per function").isEqualTo("local.lambdas");
        soft.assertThat(expr(rolePolicy, "role")).as("policy of").isEqualTo("aws_iam_role.this[each.key].id");
        soft.assertThat(expr(rolePolicy, "policy")).isEqualTo("local.function_policies[each.key]");

        JsonNode policies = tf.local("function_policies");
        Set<String> documents = new TreeSet<>();
        for (String f : FUNCTIONS) {
            Matcher m = POLICY_DOCUMENT.matcher(String.valueOf(expr(policies.path(f))));
            if (!m.matches()) {
                soft.fail("local.function_policies.%s: expected one(data.aws_iam_policy_document.<name>[*].json) but found %s",
                        f, policies.path(f));
                continue;
            }
            soft.assertThat(documents.add(m.group(1))).as("%s's policy document %s is its own", f, m.group(1)).isTrue();
            Set<String> granted = grantsOf(m.group(1));
            soft.assertThat(granted).as("what %s's role may do (data.aws_iam_policy_document.%s)", f, m.group(1))
                    .containsExactlyInAnyOrderElementsOf(EXPECTED_GRANTS.get(f));
            granted.stream().filter(g -> g.startsWith("logs:")).forEach(g ->
                    soft.assertThat(g).as("%s logs only to its own log group", f).endsWith(" on logs:" + f));
            granted.stream().filter(g -> g.contains(" on dlq:")).forEach(g ->
                    soft.assertThat(g).as("%s only sends to its own DLQ", f).isIn("sqs:SendMessage on dlq:" + f,
                            "sqs:GetQueueUrl on dlq:" + f));
        }
        soft.assertAll();
    }

    @Test
    void eachFunction_logsToItsOwnLogGroup_thatTerraformManagesWithRetention() {
        JsonNode fn = tf.resource("aws_lambda_function", "this");
        JsonNode group = tf.resource("aws_cloudwatch_log_group", "this");
        SoftAssertions soft = new SoftAssertions();
        soft.assertThat(expr(group, "for_each")).as("one log group per function").isEqualTo("local.lambdas");
        soft.assertThat(fn.path("function_name").asText()).isEqualTo("${var.name_prefix}-${each.key}");
        soft.assertThat(group.path("name").asText()).as("the group Lambda writes to by default")
                .isEqualTo("/aws/lambda/${var.name_prefix}-${each.key}");
        soft.assertThat(expr(group, "retention_in_days")).isEqualTo("var.log_retention_days");
        soft.assertThat(expr(fn.path("logging_config").path(0), "log_group")).as("logging_config.log_group")
                .isEqualTo("aws_cloudwatch_log_group.this[each.key].name");
        soft.assertAll();
    }

    /**
     * The secrets key: the module's own (created unless {@code kms_key_arn} names an existing key), rotated, with the
     * default key policy and an alias; every function is told the key in use ({@code local.secrets_key_arn}), which
     * is the only KMS resource any role names (the grants themselves: {@link #EXPECTED_GRANTS}).
     */
    @Test
    void secretsKey_isTheGivenOrTheModulesOwnRotatedKey_andEveryFunctionIsToldItsArn() {
        JsonNode key = tf.resource("aws_kms_key", "secrets");
        JsonNode alias = tf.resource("aws_kms_alias", "secrets");
        JsonNode env = tf.resource("aws_lambda_function", "this").path("environment").path(0).path("variables");
        SoftAssertions soft = new SoftAssertions();
        soft.assertThat(expr(key, "count")).as("aws_kms_key.secrets count: none when a key is given")
                .isEqualTo("var.create && var.kms_key_arn == null ? 1 : 0");
        soft.assertThat(expr(alias, "count")).as("aws_kms_alias.secrets count").isEqualTo(expr(key, "count"));
        soft.assertThat(expr(alias, "target_key_id")).isEqualTo("aws_kms_key.secrets[0].key_id");
        soft.assertThat(alias.path("name").asText()).isEqualTo("alias/${var.name_prefix}-secrets");
        soft.assertThat(key.path("enable_key_rotation").asBoolean()).as("enable_key_rotation").isTrue();
        soft.assertThat(key.has("policy")).as("the default key policy: the account's IAM policies decide who uses it").isFalse();
        soft.assertThat(key.has("customer_master_key_spec") || key.has("key_usage")).as("a symmetric encryption key (the "
                + "default spec and usage: GenerateDataKey works on no other)").isFalse();
        soft.assertThat(expr(key, "deletion_window_in_days")).isEqualTo("var.kms_key_deletion_window_days");
        soft.assertThat(expr(tf.local("secrets_key_arn"))).as("local.secrets_key_arn: the given key, else the module's own")
                .isEqualTo(SECRETS_KEY_ARN);
        soft.assertThat(tf.variable("kms_key_arn").path("default").isNull()).as("kms_key_arn defaults to null (a key is "
                + "created)").isTrue();
        soft.assertThat(tf.variable("kms_key_arn").path("validation").toString()).as("kms_key_arn takes a key ARN only")
                .contains(":key/");
        soft.assertThat(expr(env, "CLOUDRIG_SECRETS_KMS_KEY_ID")).as("CLOUDRIG_SECRETS_KMS_KEY_ID")
                .isEqualTo("local.secrets_key_arn");
        soft.assertThat(expr(tf.outputs().get("kms_key_arn"), "value")).isEqualTo("try(local.secrets_key_arn, \"\")");
        soft.assertAll();
    }

    /**
     * The table Terraform declares is exactly the store's own definition ({@link DeploymentTable#DEFINITION}, which is
     * also what the store creates on a local endpoint): keys, every key attribute and its type, the indexes and their
     * projections, the TTL attribute, the billing mode. Compared both ways, so neither can drift alone.
     */
    @Test
    void table_isTheStoresOwnDefinition_andIsProtectedFromDeletion() {
        JsonNode t = tf.resource("aws_dynamodb_table", "this");
        Map<String, String> attributes = new LinkedHashMap<>();
        t.path("attribute").forEach(a -> attributes.put(a.path("name").asText(), a.path("type").asText()));
        List<String> indexes = new ArrayList<>();
        t.path("global_secondary_index").forEach(i -> indexes.add(i.path("name").asText() + "(" + i.path("hash_key").asText()
                + "," + i.path("range_key").asText() + "," + i.path("projection_type").asText() + ")"));
        DeploymentTable store = DeploymentTable.DEFINITION;
        Map<String, String> storeAttributes = new LinkedHashMap<>();
        store.attributes().forEach((name, type) -> storeAttributes.put(name, type.toString()));
        List<String> storeIndexes = store.globalSecondaryIndexes().stream().map(i -> i.name() + "(" + i.hashKey() + ","
                + i.rangeKey() + "," + i.projection() + ")").toList();
        SoftAssertions soft = new SoftAssertions();
        soft.assertThat(t.path("hash_key").asText() + "," + t.path("range_key").asText()).as("table keys")
                .isEqualTo(store.hashKey() + "," + store.rangeKey());
        soft.assertThat(attributes).as("attributes (terraform vs store)").isEqualTo(storeAttributes);
        soft.assertThat(indexes).as("global secondary indexes (terraform vs store)")
                .containsExactlyInAnyOrderElementsOf(storeIndexes);
        soft.assertThat(t.path("ttl").path(0).path("attribute_name").asText()).as("TTL attribute").isEqualTo(store.ttlAttribute());
        soft.assertThat(t.path("ttl").path(0).path("enabled").asBoolean()).as("TTL enabled").isTrue();
        soft.assertThat(t.path("billing_mode").asText()).as("billing mode").isEqualTo(store.billingMode().toString());
        soft.assertThat(expr(t, "deletion_protection_enabled")).isEqualTo("var.table_deletion_protection");
        soft.assertThat(tf.variable("table_deletion_protection").path("default").asBoolean()).as("deletion protection by default").isTrue();
        soft.assertAll();
    }

    @Test
    void eachSchedule_sendsADeploymentRequestedCloudEvent_toTheCreateServersQueue_asARoleAllowedNothingElse() {
        JsonNode schedule = tf.resource("aws_scheduler_schedule", "this");
        JsonNode target = schedule.path("target").path(0);
        SoftAssertions soft = new SoftAssertions();
        soft.assertThat(expr(schedule, "for_each")).isEqualTo("var.create ? var.schedules : {}");
        soft.assertThat(expr(target, "arn")).as("schedule target").isEqualTo("aws_sqs_queue.this[\"createServers\"].arn");
        soft.assertThat(expr(target, "role_arn")).isEqualTo("aws_iam_role.scheduler[0].arn");
        soft.assertThat(expr(tf.resource("aws_iam_role", "scheduler"), "assume_role_policy"))
                .isEqualTo("data.aws_iam_policy_document.scheduler_assume[0].json");
        soft.assertThat(grantsOf("scheduler_assume")).as("who assumes the scheduler role")
                .containsExactly("sts:AssumeRole by Service:scheduler.amazonaws.com");
        soft.assertThat(expr(tf.resource("aws_iam_role_policy", "scheduler"), "role")).isEqualTo("aws_iam_role.scheduler[0].id");
        soft.assertThat(expr(tf.resource("aws_iam_role_policy", "scheduler"), "policy"))
                .isEqualTo("data.aws_iam_policy_document.scheduler[0].json");
        soft.assertThat(grantsOf("scheduler")).as("what the scheduler role may do")
                .containsExactly("sqs:SendMessage on queue:createServers");

        // the message body, rendered for a sample schedule as Terraform would, then with what Scheduler fills in
        String template = target.path("input").asText();
        Map<String, JsonNode> sample = Map.of(
                "deployment_name", JsonNodeFactory.instance.textNode("nightly-devstack"),
                "config_json", JsonNodeFactory.instance.textNode("{\"type\": \"DevstackEngine\", \"devstack_branch\": \"master\"}"),
                "ttl", JsonNodeFactory.instance.textNode("4h"),
                "sealed_data_key", JsonNodeFactory.instance.textNode("kms:v1:AQIDAHhsealedkey"));
        CloudEvent event = scheduled(template, sample);
        soft.assertThat(DeploymentRequestEvents.validate(EventType.DEPLOYMENT_REQUESTED, DeploymentRequestEvents.dataNode(event)))
                .as("the scheduled request's data against the request schema the functions check").isEmpty();
        soft.assertThat(DeploymentRequestEvents.read(event).sealed().dataKey()).as("data.sealed.data_key")
                .isEqualTo("kms:v1:AQIDAHhsealedkey");
        // a schedule without ttl and without sealed values: Terraform writes null for both, which the schema takes as absent
        Map<String, JsonNode> plain = new HashMap<>(sample);
        plain.put("ttl", JsonNodeFactory.instance.nullNode());
        plain.put("sealed_data_key", JsonNodeFactory.instance.nullNode());
        CloudEvent unsealed = scheduled(template, plain);
        soft.assertThat(DeploymentRequestEvents.validate(EventType.DEPLOYMENT_REQUESTED, DeploymentRequestEvents.dataNode(unsealed)))
                .as("a schedule without ttl and sealed_data_key").isEmpty();
        soft.assertThat(DeploymentRequestEvents.read(unsealed).sealed()).as("nothing sealed").isNull();
        soft.assertThat(DeploymentRequestEvents.read(unsealed).ttl()).as("no ttl").isNull();
        soft.assertThat(event.getType()).as("event type").isEqualTo(EventType.DEPLOYMENT_REQUESTED.type());
        soft.assertThat(event.getSource().toString()).as("event source").isEqualTo("/cloudrig/schedules/nightly");
        soft.assertThat(event.getSubject()).as("event subject: the deployment name").isEqualTo("nightly-devstack");
        soft.assertThat(event.getTime()).as("time: when the schedule fired").isNotNull();
        soft.assertThat(template).as("the event id is the same for every delivery attempt of one firing")
                .contains("<aws.scheduler.scheduled-time>").doesNotContain("<aws.scheduler.execution-id>");
        JsonNode data = Json.parse(new String(event.getData().toBytes(), StandardCharsets.UTF_8), "scheduled event data");
        soft.assertThat(data.path("name").asText()).isEqualTo("nightly-devstack");
        soft.assertThat(data.path("config").path("type").asText()).as("data.config: the config as JSON").isEqualTo("DevstackEngine");
        soft.assertThat(data.path("ttl").asText()).isEqualTo("4h");
        soft.assertAll();
    }

    private static CloudEvent scheduled(String template, Map<String, JsonNode> schedule) {
        String body = HclTemplate.render(template, "nightly", schedule)
                .replace("<aws.scheduler.schedule-arn>", "arn:aws:scheduler:eu-west-1:123456789012:schedule/default/cloudrig-nightly")
                .replace("<aws.scheduler.scheduled-time>", "2026-03-22T02:00:00Z");
        return EventFormatProvider.getInstance().resolveFormat(JsonFormat.CONTENT_TYPE)
                .deserialize(body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void everyVariable_isTypedAndDescribed_andEveryOutputIsEmptyRatherThanFailingWithoutResources() throws IOException {
        SoftAssertions soft = new SoftAssertions();
        tf.variables().forEach((name, v) -> {
            soft.assertThat(v.path("description").asText()).as("variable %s description", name).isNotBlank();
            soft.assertThat(v.has("type")).as("variable %s type", name).isTrue();
        });
        tf.outputs().forEach((name, o) -> {
            soft.assertThat(o.path("description").asText()).as("output %s description", name).isNotBlank();
            soft.assertThat(String.valueOf(expr(o, "value"))).as("output %s: try(...) when create = false", name).startsWith("try(");
        });
        // the CLI environment names keys the CLI reads (ExternalSetting, which CliConfig reads them by)
        String cliConfig = Files.readString(Repo.path("cli", "src", "main", "java", "io", "cloudrig", "cli",
                "ExternalSetting.java"));
        Matcher keys = Pattern.compile("(CLOUDRIG_[A-Z_]+)\\s*=").matcher(expr(tf.outputs().get("cli_environment"), "value"));
        int n = 0;
        while (keys.find()) {
            n++;
            soft.assertThat(cliConfig).as("the CLI reads %s", keys.group(1)).contains("\"" + keys.group(1) + "\"");
        }
        soft.assertThat(n).as("keys of output cli_environment").isEqualTo(3);
        soft.assertAll();
    }

    @Test
    void minimalExample_parses_andSetsOnlyVariablesTheModuleDeclares() {
        Path module = Repo.path("src-test", "as-deployed");
        TerraformModule example = TerraformModule.load(Repo.path("terraform", "examples", "minimal"),
                module.resolve("src/test/hcl2json"), module.resolve("target/hcl2json"));
        JsonNode call = example.modules().get("cloudrig");
        assertThat(call).as("examples/minimal calls module \"cloudrig\"").isNotNull();
        assertThat(call.path("source").asText()).isEqualTo("../..");
        SoftAssertions soft = new SoftAssertions();
        call.fieldNames().forEachRemaining(arg -> {
            if (!Set.of("source", "version", "providers", "depends_on", "count", "for_each").contains(arg)) {
                soft.assertThat(tf.variables()).as("examples/minimal sets %s", arg).containsKey(arg);
            }
        });
        soft.assertThat(example.outputs()).as("examples/minimal outputs").containsKeys("queue_urls", "cli_environment");
        soft.assertAll();
    }

    // ------------------------------------------------------------------ helpers

    private static String expr(JsonNode block, String attribute) {
        return Hcl.requireExpression(block.get(attribute), attribute);
    }

    private static String expr(JsonNode value) {
        return Hcl.expression(value).orElse(null);
    }

    private static Map<String, String> literalMap(JsonNode object, String where) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getValue().isTextual() || e.getValue().asText().contains("${")) {
                throw new AssertionError(where + "." + e.getKey() + ": expected a literal string but found " + e.getValue());
            }
            out.put(e.getKey(), e.getValue().asText());
        }
        return out;
    }

    /**
     * What a policy document allows, as "action on resource" (resource named table, index:NAME, queue:NAME,
     * dlq:NAME, logs:FUNCTION, key:secrets, or "unrecognised ..."), and "action by Type:identifier" for trust statements. A Deny,
     * a not_actions, a dynamic statement or a condition other than the trust guard is reported, never read past.
     */
    private static Set<String> grantsOf(String document) {
        JsonNode doc = tf.data("aws_iam_policy_document", document);
        Set<String> out = new TreeSet<>();
        if (doc.has("dynamic") || doc.has("source_policy_documents") || doc.has("override_policy_documents")) {
            out.add("unreadable: data.aws_iam_policy_document." + document + " builds statements dynamically or merges documents");
        }
        for (JsonNode s : doc.path("statement")) {
            String where = "data.aws_iam_policy_document." + document + " statement " + s.path("sid").asText("?");
            if (s.has("effect") && !"Allow".equals(s.path("effect").asText())) {
                out.add("unreadable: " + where + " has effect " + s.path("effect"));
            }
            if (s.has("not_actions") || s.has("not_resources") || s.has("not_principals")) {
                out.add("unreadable: " + where + " uses not_*");
            }
            List<String> actions = Hcl.literalStrings(s.path("actions"), where + " actions");
            for (JsonNode p : s.path("principals")) {
                for (String id : Hcl.literalStrings(p.path("identifiers"), where + " principals")) {
                    actions.forEach(a -> out.add(a + " by " + p.path("type").asText() + ":" + id));
                }
            }
            if (s.has("condition") && !s.has("principals")) {
                out.add("unreadable: " + where + " has a condition");
            }
            for (JsonNode r : s.path("resources")) {
                String resource = resourceName(r);
                actions.forEach(a -> out.add(a + " on " + resource));
            }
        }
        return out;
    }

    private static String resourceName(JsonNode r) {
        String text = r.asText();
        Matcher index = INDEX_ARN.matcher(text);
        if (index.matches()) {
            return "index:" + index.group(1);
        }
        Matcher logs = LOG_STREAMS.matcher(text);
        if (logs.matches()) {
            return "logs:" + logs.group(1);
        }
        if (Hcl.expression(r).filter("local.secrets_key_arn"::equals).isPresent()) {
            return SECRETS_KEY;
        }
        return Hcl.expression(r).flatMap(Hcl.InstanceAttribute::parse).map(ref -> {
            if (ref.type().equals("aws_dynamodb_table") && ref.name().equals("this") && ref.attribute().equals("arn")) {
                return "table";
            }
            if (ref.type().equals("aws_sqs_queue") && ref.attribute().equals("arn")) {
                return (ref.name().equals("dlq") ? "dlq:" : ref.name().equals("this") ? "queue:" : ref.name() + ":") + ref.key();
            }
            return null;
        }).orElse("unrecognised " + text);
    }

    private static String[] on(String resource, String... actions) {
        String[] out = new String[actions.length];
        for (int i = 0; i < actions.length; i++) {
            out[i] = actions[i] + " on " + resource;
        }
        return out;
    }

    private static Set<String> grants(String[]... groups) {
        Set<String> out = new TreeSet<>();
        for (String[] g : groups) {
            out.addAll(List.of(g));
        }
        return out;
    }
}
