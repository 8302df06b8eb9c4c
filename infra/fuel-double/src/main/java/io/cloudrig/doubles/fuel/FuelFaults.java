package io.cloudrig.doubles.fuel;

import java.time.Duration;
import java.util.Locale;

/**
 * Failure modes a test can switch on. Each settles the state to the clock first, so a fault takes effect at the
 * instant it is injected (a node that goes offline at 30 % fails the deployment at 30 %).
 */
public final class FuelFaults {
    private final FuelState state;
    private final AuthGate gate;

    FuelFaults(FuelState state, AuthGate gate) {
        this.state = state;
        this.gate = gate;
    }

    /**
     * The next deployment started fails when it reaches {@code atPercent}: the failing subtask ("provision" below
     * 40 %, else "deployment") and the "deploy" supertask go to status error with progress 100 and the message
     * {@code "Deployment has failed. " + message} ("Provision has failed. ..." while provisioning), nodes to
     * status error, the cluster to error (fuel-web 7.0 rpc/receiver.py _error_action, objects/task.py).
     */
    public void failNextDeployment(int atPercent, String message) {
        if (atPercent < 0 || atPercent > 99) {
            throw new IllegalArgumentException("atPercent: expected 0..99, got " + atPercent);
        }
        synchronized (state) {
            state.settle();
            state.deployments.failNext(atPercent, message);
        }
    }

    /** Running and later deployments stop progressing at {@code atPercent} (status running) until resumed. */
    public void stallDeployments(int atPercent) {
        synchronized (state) {
            state.settle();
            state.deployments.stallAt(atPercent);
        }
    }

    /** Stalled deployments continue from where they stopped, at their normal pace. */
    public void resumeDeployments() {
        synchronized (state) {
            state.settle();
            state.deployments.resume(state.now());
        }
    }

    /** Deployments started from now on take {@code duration} from 0 to 100 % (slow or fast progress). */
    public void deploymentDuration(Duration duration) {
        if (duration.isZero() || duration.isNegative()) {
            throw new IllegalArgumentException("duration: expected a positive duration, got " + duration);
        }
        synchronized (state) {
            state.settle();
            state.deployments.duration(duration);
        }
    }

    /**
     * The node with this MAC stops answering: {@code online} becomes false (and stays false if it re-registers).
     * A deployment it takes part in fails now ("... Check these nodes: 'name'"); a deployment not yet started is
     * refused by the pre-deployment check; a node erased by a cluster deletion does not come back.
     */
    public void nodeOffline(String mac) {
        String m = mac.toLowerCase(Locale.ROOT);
        synchronized (state) {
            state.settle();
            state.offlineMacs.add(m);
            state.nodes.values().stream().filter(n -> n.spec.mac().equals(m)).forEach(n -> n.online = false);
        }
    }

    /** The node answers again (and an erased node waiting to be rediscovered registers once its delay is over). */
    public void nodeOnline(String mac) {
        String m = mac.toLowerCase(Locale.ROOT);
        synchronized (state) {
            state.settle();
            state.offlineMacs.remove(m);
            state.nodes.values().stream().filter(n -> n.spec.mac().equals(m)).forEach(n -> n.online = true);
            state.settle();
        }
    }

    /** The next network verification started ends in status error with {@code message}. */
    public void failNextNetworkVerification(String message) {
        synchronized (state) {
            state.verifications.failNext(message);
        }
    }

    /** Every token issued so far expires now: calls with them get 401, a new login works. */
    public void expireTokens() {
        gate.expireAll();
    }
}
