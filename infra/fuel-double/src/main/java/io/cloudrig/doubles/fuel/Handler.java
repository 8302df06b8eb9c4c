package io.cloudrig.doubles.fuel;

/** One resource method; runs with the state lock held and the state settled to the current instant. */
@FunctionalInterface
interface Handler {
    ApiResponse handle(ApiRequest request);
}
