package io.cloudrig.functions;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;

import java.time.Duration;

/**
 * Readiness of the deployment table: DescribeTable answers within {@link #TIMEOUT} and says ACTIVE or UPDATING (the role needs
 * {@code dynamodb:DescribeTable} on it). DOWN names the status or the failure's type and the SDK's message (endpoint,
 * status code; never a credential).
 */
@Readiness
@ApplicationScoped
public class TableReadiness implements HealthCheck {
    static final String NAME = "dynamodb-table";
    /** The whole call, retries included: a probe must answer quickly. */
    static final Duration TIMEOUT = Duration.ofSeconds(3);

    @Inject
    CloudrigConfig config;

    @Inject
    DynamoDbClient dynamoDb;

    @Override
    public HealthCheckResponse call() {
        String table = config.dynamodb().table();
        HealthCheckResponseBuilder r = HealthCheckResponse.named(NAME).withData("table", table);
        try {
            TableStatus status = dynamoDb.describeTable(b -> b.tableName(table)
                    .overrideConfiguration(o -> o.apiCallTimeout(TIMEOUT))).table().tableStatus();
            return r.status(status == TableStatus.ACTIVE || status == TableStatus.UPDATING).withData("status", String.valueOf(status))
                    .build();
        } catch (SdkException e) {
            return r.down().withData("error", e.getClass().getSimpleName() + ": " + e.getMessage()).build();
        }
    }
}
