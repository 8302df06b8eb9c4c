/**
 * cloudrig's functions on AWS Lambda: {@link io.cloudrig.lambda.LambdaHandler} (the handler Terraform names), the Funqy
 * functions {@link io.cloudrig.lambda.LambdaFunctions} (one per Lambda, chosen by {@code QUARKUS_FUNQY_EXPORT}), and
 * what they are built from ({@link io.cloudrig.lambda.LambdaConfig}, {@link io.cloudrig.lambda.LambdaProducers}).
 */
package io.cloudrig.lambda;
