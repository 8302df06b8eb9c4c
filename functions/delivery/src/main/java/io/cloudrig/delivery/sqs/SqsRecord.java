package io.cloudrig.delivery.sqs;

/**
 * One record of an SQS event as Lambda hands it to a function (the fields of the Lambda event's {@code SQSMessage}
 * this handler needs).
 *
 * @param messageId     the SQS message id (what a batch item failure names)
 * @param body          the body as it came
 * @param queueArn      the {@code eventSourceARN}: the queue it came from
 * @param receiptHandle what deleting it takes
 */
public record SqsRecord(String messageId, String body, String queueArn, String receiptHandle) {
}
