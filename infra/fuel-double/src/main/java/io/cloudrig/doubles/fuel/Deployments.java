package io.cloudrig.doubles.fuel;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.stream.Collectors;

/**
 * {@code PUT /clusters/<id>/changes} and what Astute then reports, on the double's clock. Sources (fuel-web 7.0):
 * {@code task/manager.py} ApplyChangesTaskManager (supertask "deploy" with subtasks "provision" and "deployment",
 * "No changes to deploy", running-deployment check), {@code task/task.py} CheckBeforeDeploymentTask (offline nodes,
 * controller count), {@code rpc/receiver.py} _error_action / _success_action (messages) and
 * {@code objects/task.py} Task._update_parent_instance (a failed subtask puts the supertask in error at progress 100).
 */
final class Deployments {
    /** Share of the timeline spent provisioning (ApplyChangesTaskManager gives the provision subtask weight 0.4). */
    static final int PROVISION_SHARE = 40;

    record PlannedFailure(int atPercent, String message) {
    }

    private static final class Run {
        final ClusterRecord cluster;
        final TaskRecord supertask;
        final TaskRecord provision;
        final TaskRecord deployment;
        final List<NodeRecord> nodes;
        final Duration duration;
        final PlannedFailure failure;
        Instant start;
        int progress;

        Run(ClusterRecord cluster, TaskRecord supertask, TaskRecord provision, TaskRecord deployment,
            List<NodeRecord> nodes, Instant start, Duration duration, PlannedFailure failure) {
            this.cluster = cluster;
            this.supertask = supertask;
            this.provision = provision;
            this.deployment = deployment;
            this.nodes = nodes;
            this.start = start;
            this.duration = duration;
            this.failure = failure;
        }
    }

    private final FuelState state;
    private final List<Run> runs = new ArrayList<>();
    private final Deque<PlannedFailure> plannedFailures = new ArrayDeque<>();
    private Duration duration;
    private Integer stallAt;

    Deployments(FuelState state) {
        this.state = state;
        this.duration = state.config.deploymentDuration();
    }

    /** Starts a deployment; answers with the supertask as the handler returned it (running, before the mule ran). */
    ObjectNode start(ClusterRecord c) {
        if (runs.stream().anyMatch(r -> r.cluster == c) || c.status.equals("remove")) {
            // DeploymentCheckMixin.check_no_running_deployment raises DeploymentAlreadyStarted, which
            // DeferredTaskHandler does not catch: Nailgun 7.0 answers 500.
            throw new ApiError(500, "Cannot perform the actions because there are running tasks [deploy]");
        }
        state.tasks.values().removeIf(t -> c.id == nz(t.clusterId) && t.isFinished()
                && (t.name.equals("deploy") || t.parentId != null));
        List<NodeRecord> members = state.nodesOf(c.id);
        List<NodeRecord> toDeploy = members.stream().filter(n -> !n.pendingDeletion
                && (n.pendingAddition || !n.pendingRoles.isEmpty() || n.status.equals("error"))).toList();
        if (toDeploy.isEmpty()) {
            // Nailgun would also run a node_deletion for pending_deletion nodes; the double does not model that
            throw new ApiError(400, "No changes to deploy");
        }
        TaskRecord supertask = state.newTask("deploy", c.id, null);
        ObjectNode answer = Serializers.task(supertask);
        String refusal = preDeploymentCheck(c, members);
        if (refusal != null) {
            state.newTask("check_before_deployment", c.id, supertask.id).finish(TaskRecord.ERROR, refusal);
            supertask.finish(TaskRecord.ERROR, refusal);
            return answer;
        }
        TaskRecord provision = state.newTask("provision", c.id, supertask.id);
        TaskRecord deployment = state.newTask("deployment", c.id, supertask.id);
        NetworkConfigs.assignIps(c, members, toDeploy);
        toDeploy.forEach(n -> {
            n.status = "provisioning";
            n.progress = 0;
            n.errorType = null;
        });
        c.status = "deployment";
        runs.add(new Run(c, supertask, provision, deployment, toDeploy, state.now(), duration,
                plannedFailures.poll()));
        return answer;
    }

    /** CheckBeforeDeploymentTask._check_nodes_are_online, then _check_controllers_count (min 1 in 7.0 fixtures). */
    private static String preDeploymentCheck(ClusterRecord c, List<NodeRecord> members) {
        List<NodeRecord> offline = members.stream()
                .filter(n -> !n.online && !n.pendingDeletion && !n.status.equals("ready")).toList();
        if (!offline.isEmpty()) {
            return "Nodes \"" + offline.stream().map(NodeRecord::fullName).collect(Collectors.joining(","))
                    + "\" are offline. Remove them from environment and try again.";
        }
        long controllers = members.stream().filter(n -> n.allRoles().contains("controller")).count();
        if (controllers < 1) {
            return "Not enough controllers, " + c.mode + " mode requires at least 1 controller(s)";
        }
        return null;
    }

    void advance(Instant now) {
        for (Run run : List.copyOf(runs)) {
            long elapsed = Duration.between(run.start, now).toMillis();
            int target = (int) Math.min(100, Math.max(0, elapsed * 100 / run.duration.toMillis()));
            if (stallAt != null) {
                target = Math.min(target, stallAt);
            }
            List<NodeRecord> offline = run.nodes.stream().filter(n -> !n.online).toList();
            if (!offline.isEmpty()) {
                fail(run, run.progress, null, offline);
            } else if (run.failure != null && target >= run.failure.atPercent()) {
                fail(run, run.failure.atPercent(), run.failure.message(), List.of());
            } else if (target >= 100) {
                succeed(run);
            } else {
                progress(run, target);
            }
        }
    }

    private void progress(Run run, int percent) {
        run.progress = percent;
        run.supertask.progress = percent;
        boolean deploying = percent >= PROVISION_SHARE;
        if (deploying && !run.provision.isFinished()) {
            run.provision.finish(TaskRecord.READY, null);
        }
        if (!run.provision.isFinished()) {
            run.provision.progress = percent * 100 / PROVISION_SHARE;
        }
        run.deployment.progress = deploying ? (percent - PROVISION_SHARE) * 100 / (100 - PROVISION_SHARE) : 0;
        for (NodeRecord n : run.nodes) {
            n.status = deploying ? "deploying" : "provisioning";
            n.progress = deploying ? run.deployment.progress : run.provision.progress;
        }
    }

    private void fail(Run run, int percent, String message, List<NodeRecord> culprits) {
        progress(run, percent);
        boolean provisioning = percent < PROVISION_SHARE;
        TaskRecord failed = provisioning ? run.provision : run.deployment;
        String title = provisioning ? "Provision" : "Deployment";
        String text = message != null ? title + " has failed. " + message
                : title + " has failed. Check these nodes:\n"
                + culprits.stream().map(n -> "'" + n.name + "'").collect(Collectors.joining(", "));
        failed.finish(TaskRecord.ERROR, text);
        for (TaskRecord sub : List.of(run.provision, run.deployment)) {
            if (!sub.isFinished()) {
                sub.finish(TaskRecord.ERROR, "Task aborted");
            }
        }
        run.supertask.finish(TaskRecord.ERROR, text);
        for (NodeRecord n : run.nodes) {
            n.status = "error";
            n.errorType = provisioning ? "provision" : "deploy";
        }
        run.cluster.status = "error";
        runs.remove(run);
    }

    private void succeed(Run run) {
        progress(run, 99);
        String message = "Deployment of environment '" + run.cluster.name + "' is done. ";
        run.deployment.finish(TaskRecord.READY, message);
        run.supertask.finish(TaskRecord.READY, message);
        for (NodeRecord n : run.nodes) {
            n.status = "ready";
            n.progress = 100;
            n.roles = new ArrayList<>(n.allRoles());
            n.pendingRoles = new ArrayList<>();
            n.pendingAddition = false;
            n.errorType = null;
        }
        run.cluster.status = "operational";
        run.cluster.changes.clear();
        runs.remove(run);
    }

    /** Cluster deletion while deploying: the orchestration is dropped with the cluster. */
    void cancel(ClusterRecord c) {
        runs.removeIf(r -> r.cluster == c);
    }

    boolean isDeploying(ClusterRecord c) {
        return runs.stream().anyMatch(r -> r.cluster == c);
    }

    void failNext(int atPercent, String message) {
        plannedFailures.add(new PlannedFailure(atPercent, message));
    }

    void duration(Duration value) {
        this.duration = value;
    }

    void stallAt(int percent) {
        this.stallAt = percent;
    }

    /** Lets stalled runs continue from where they stopped, at their normal pace. */
    void resume(Instant now) {
        for (Run r : runs) {
            r.start = now.minusMillis(r.duration.toMillis() * r.progress / 100);
        }
        stallAt = null;
    }

    private static int nz(Integer v) {
        return v == null ? -1 : v;
    }
}
