package io.cloudrig.functions;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.DescribeClusterResult;
import org.apache.kafka.common.Node;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

import java.time.Duration;
import java.util.Collection;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Readiness of the Kafka brokers (when the service uses Kafka: the binding is on or the functions publish there): a
 * describe-cluster call through an admin client configured like every Kafka client of the service (TLS/SASL), which
 * must answer within {@value #TIMEOUT_MS} ms. DOWN names the failure's type and Kafka's message (brokers, timeouts;
 * never a credential).
 */
@Readiness
@ApplicationScoped
public class BrokerReadiness implements HealthCheck {
    static final String NAME = "kafka-brokers";
    static final int TIMEOUT_MS = 3000;

    @Inject
    CloudrigConfig config;

    @Inject
    KafkaSettings kafka;

    private Admin admin;

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder r = HealthCheckResponse.named(NAME);
        if (!config.kafka().enabled() && config.transport() != CloudrigConfig.Transport.KAFKA) {
            return r.up().withData("kafka", "not used").build();
        }
        r.withData("brokers", kafka.bootstrapServers());
        try {
            DescribeClusterResult cluster = admin().describeCluster(new DescribeClusterOptions().timeoutMs(TIMEOUT_MS));
            Collection<Node> nodes = cluster.nodes().get(TIMEOUT_MS + 1000L, TimeUnit.MILLISECONDS);
            return r.up().withData("nodes", nodes.size()).build();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return r.down().withData("error", "interrupted").build();
        } catch (ExecutionException e) {
            return down(r, e.getCause());
        } catch (TimeoutException | RuntimeException e) {
            return down(r, e);
        }
    }

    private static HealthCheckResponse down(HealthCheckResponseBuilder r, Throwable e) {
        return r.down().withData("error", e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()))
                .build();
    }

    private synchronized Admin admin() {
        if (admin == null) {
            Properties p = new Properties();
            kafka.client().applyToAdmin(p);
            p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
            p.put(AdminClientConfig.CLIENT_ID_CONFIG, "cloudrig-functions-health");
            p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, String.valueOf(TIMEOUT_MS));
            p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, String.valueOf(TIMEOUT_MS));
            p.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, "1000");
            admin = Admin.create(p);
        }
        return admin;
    }

    @PreDestroy
    synchronized void close() {
        if (admin != null) {
            admin.close(Duration.ofSeconds(2));
        }
    }
}
