package io.cloudrig.orchestration;

import io.cloudrig.model.Deployment;

import java.util.Objects;

/**
 * What a step's claim came to.
 *
 * @param deployment the deployment this worker now holds, or else the one the claim found (its status tells what to
 *                   emit: an outcome when it is past the step, nothing while it is in progress elsewhere)
 * @param held whether this worker holds it
 */
record Claim(Deployment deployment, boolean held) {

    Claim {
        Objects.requireNonNull(deployment, "deployment");
    }

    static Claim taken(Deployment claimed) {
        return new Claim(claimed, true);
    }

    static Claim notTaken(Deployment found) {
        return new Claim(found, false);
    }
}
