package io.cloudrig.model.store;

import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Conversions between Java values and DynamoDB attribute values, and reading optional attributes of an item. */
final class Attributes {
    /** The cancellation reason of a transaction item whose condition failed. */
    static final String CONDITIONAL_CHECK_FAILED = "ConditionalCheckFailed";

    private Attributes() {
    }

    static AttributeValue s(String v) {
        return AttributeValue.fromS(v);
    }

    static AttributeValue n(long v) {
        return AttributeValue.fromN(Long.toString(v));
    }

    /** A string attribute, or null when absent. */
    static String string(Map<String, AttributeValue> item, String name) {
        AttributeValue v = item.get(name);
        return v == null ? null : v.s();
    }

    static long number(Map<String, AttributeValue> item, String name) {
        return Long.parseLong(item.get(name).n());
    }

    /** An ISO-8601 string attribute as an instant, or null when absent. */
    static Instant isoInstant(Map<String, AttributeValue> item, String name) {
        String v = string(item, name);
        return v == null ? null : Instant.parse(v);
    }

    /** An epoch-millisecond number attribute as an instant, or null when absent. */
    static Instant epochMilliInstant(Map<String, AttributeValue> item, String name) {
        AttributeValue v = item.get(name);
        return v == null ? null : Instant.ofEpochMilli(Long.parseLong(v.n()));
    }

    /** Whether the {@code index}-th item of a cancelled transaction failed its condition. */
    static boolean conditionFailed(List<CancellationReason> reasons, int index) {
        return reasons.size() > index && CONDITIONAL_CHECK_FAILED.equals(reasons.get(index).code());
    }

    /** The cancellation codes, for messages: {@code [ConditionalCheckFailed, None]}. */
    static String reasonCodes(List<CancellationReason> reasons) {
        return reasons.stream().map(CancellationReason::code).toList().toString();
    }
}
