package io.cloudrig.functions;

import org.eclipse.microprofile.config.spi.ConfigSource;

import java.util.Map;
import java.util.Set;

/**
 * Defaults for running inside AWS Lambda (the {@code AWS_LAMBDA_RUNTIME_API} variable is set): the Kafka binding off
 * ({@code cloudrig.kafka.enabled=false}: no Kafka consumer, producers or sweeper thread in a Lambda). Its ordinal is
 * below application.properties, environment and system properties, so any explicit setting wins.
 */
public class LambdaDefaults implements ConfigSource {
    static final String KEY = "cloudrig.kafka.enabled";
    private final Map<String, String> values;

    public LambdaDefaults() {
        this(System.getenv("AWS_LAMBDA_RUNTIME_API") != null);
    }

    LambdaDefaults(boolean inLambda) {
        this.values = inLambda ? Map.of(KEY, "false") : Map.of();
    }

    @Override
    public Set<String> getPropertyNames() {
        return values.keySet();
    }

    @Override
    public String getValue(String propertyName) {
        return values.get(propertyName);
    }

    @Override
    public String getName() {
        return "cloudrig-lambda-defaults";
    }

    @Override
    public int getOrdinal() {
        return 50;
    }
}
