package io.cloudrig.infra;

import org.elasticmq.NodeAddress;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;

import java.net.URI;

/**
 * ElasticMQ (an SQS-compatible server, in memory) started in this JVM on 127.0.0.1.
 *
 * <p>Talk to it with the AWS SDK v2 {@code SqsClient} and {@code endpointOverride(endpoint())}; any region and any
 * static credentials are accepted. Queue URLs have the form {@code http://127.0.0.1:<port>/000000000000/<name>}
 * (see {@link #queueUrl(String)}).
 */
public final class ElasticMq implements AutoCloseable {
    /** The account id ElasticMQ puts in queue URLs and ARNs. */
    public static final String ACCOUNT_ID = "000000000000";
    public static final String REGION = "us-east-1";

    private final SQSRestServer server;
    private final int port;
    private volatile boolean stopped;

    private ElasticMq(SQSRestServer server, int port) {
        this.server = server;
        this.port = port;
    }

    /** Starts an instance on a free loopback port. */
    public static ElasticMq start() {
        return start(0);
    }

    /** Starts an instance on {@code 127.0.0.1:port}; {@code 0} picks a free port. */
    public static ElasticMq start(int port) {
        QuietLogs.warnOnly("org.elasticmq", "org.apache.pekko");
        int p = port == 0 ? Ports.free() : port;
        SQSRestServer server = null;
        try {
            server = SQSRestServerBuilder.withInterface("127.0.0.1")
                    .withPort(p)
                    .withServerAddress(new NodeAddress("http", "127.0.0.1", p, ""))
                    .withAWSAccountId(ACCOUNT_ID)
                    .withAWSRegion(REGION)
                    .start();
            server.waitUntilStarted();
            return new ElasticMq(server, p);
        } catch (RuntimeException e) {
            if (server != null) {
                try {
                    server.stopAndWait();
                } catch (RuntimeException ignored) {
                    // best effort after a failed start
                }
            }
            throw new IllegalStateException("ElasticMQ did not start on 127.0.0.1:" + p + ": " + e.getMessage(), e);
        }
    }

    public int port() {
        return port;
    }

    /** The endpoint to give {@code SqsClient.builder().endpointOverride(...)}. */
    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    /** The URL of the queue called {@code name} (whether or not it exists yet). */
    public String queueUrl(String name) {
        return endpoint() + "/" + ACCOUNT_ID + "/" + name;
    }

    /** The ARN of the queue called {@code name}, as used in a {@code RedrivePolicy}'s {@code deadLetterTargetArn}. */
    public String queueArn(String name) {
        return "arn:aws:sqs:" + REGION + ":" + ACCOUNT_ID + ":" + name;
    }

    @Override
    public synchronized void close() {
        if (!stopped) {
            stopped = true;
            server.stopAndWait();
        }
    }
}
