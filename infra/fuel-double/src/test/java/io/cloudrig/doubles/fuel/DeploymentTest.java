package io.cloudrig.doubles.fuel;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class DeploymentTest extends FuelDoubleTestBase {

    private JsonNode deployTaskOf(int cluster) {
        for (JsonNode t : api.get("tasks?cluster_id=" + cluster).json()) {
            if (t.get("name").asText().equals("deploy")) {
                return t;
            }
        }
        throw new AssertionError("no deploy task for cluster " + cluster);
    }

    /** ClusterChangesHandler.PUT (DeferredTaskHandler: 202 with the "deploy" supertask); Rally FuelCluster.deploy
     *  finds it in tasks?cluster_id= by name and polls until progress 100; receiver._success_action message;
     *  objects/task.py _update_cluster_data (operational), nodes ready with their roles. */
    @Test
    void changes_startsDeployTask_whichEndsReadyWithNodesDeployedAndAddresses() {
        int c = readyToDeploy("env");

        JsonNode started = startDeployment(c);

        assertThat(started.get("name").asText()).isEqualTo("deploy");
        assertThat(started.get("status").asText()).isEqualTo("running");
        assertThat(started.get("progress").asInt()).isZero();
        assertThat(started.get("cluster").asInt()).isEqualTo(c);
        assertThat(deployTaskOf(c).get("id")).isEqualTo(started.get("id"));
        assertThat(api.get("clusters/" + c).json().get("status").asText()).isEqualTo("deployment");

        clock.advanceSeconds(100);
        JsonNode done = task(started.get("id").asInt());
        assertThat(done.get("status").asText()).isEqualTo("ready");
        assertThat(done.get("progress").asInt()).isEqualTo(100);
        assertThat(done.get("message").asText()).isEqualTo("Deployment of environment 'env' is done. ");
        JsonNode controller = node(1);
        assertThat(controller.get("status").asText()).isEqualTo("ready");
        assertThat(controller.get("roles").get(0).asText()).isEqualTo("controller");
        assertThat(controller.get("pending_roles")).isEmpty();
        assertThat(controller.get("pending_addition").asBoolean()).isFalse();
        JsonNode publicNet = controller.get("network_data").get(0);
        assertThat(publicNet.get("name").asText()).isEqualTo("public");
        assertThat(publicNet.get("ip").asText()).isEqualTo("172.16.0.2/24");
        JsonNode cluster = api.get("clusters/" + c).json();
        assertThat(cluster.get("status").asText()).isEqualTo("operational");
        assertThat(cluster.get("changes")).isEmpty();
    }

    /** ApplyChangesTaskManager: subtasks provision (first 40 %) and deployment; nodes provisioning then deploying. */
    @Test
    void progress_followsTheClockThroughProvisionThenDeployment() {
        int c = readyToDeploy("env");
        int id = startDeployment(c).get("id").asInt();

        clock.advanceSeconds(20);
        assertThat(task(id).get("progress").asInt()).isEqualTo(20);
        assertThat(node(2).get("status").asText()).isEqualTo("provisioning");

        clock.advanceSeconds(50);
        assertThat(task(id).get("progress").asInt()).isEqualTo(70);
        assertThat(task(id).get("status").asText()).isEqualTo("running");
        assertThat(node(2).get("status").asText()).isEqualTo("deploying");
        JsonNode all = api.get("tasks?cluster_id=" + c).json();
        assertThat(all.findValuesAsText("name")).contains("deploy", "provision", "deployment");
    }

    /** ApplyChangesTaskManager.execute: WrongNodeStatus("No changes to deploy") → 400. */
    @Test
    void changes_withNothingPending_gives400() {
        int c = readyToDeploy("env");
        startDeployment(c);
        clock.advanceSeconds(100);

        NailgunClient.Reply r = api.put("clusters/" + c + "/changes", Map.of());

        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().get("message").asText()).isEqualTo("No changes to deploy");
    }

    /** check_no_running_deployment raises DeploymentAlreadyStarted, not caught by DeferredTaskHandler: 500. */
    @Test
    void changes_whileADeploymentRuns_gives500() {
        int c = readyToDeploy("env");
        startDeployment(c);

        NailgunClient.Reply r = api.put("clusters/" + c + "/changes", Map.of());

        assertThat(r.status()).isEqualTo(500);
        assertThat(r.json().get("message").asText()).contains("running tasks");
    }

    /** Fault at 60 %: receiver._error_action ("Deployment has failed. <msg>"), Task._update_parent_instance (the
     *  supertask goes to error with progress 100: Rally's loop, which stopped on progress == 100, took this for
     *  success), nodes to error with error_type deploy, cluster to error. */
    @Test
    void failNextDeployment_at60_endsTaskInErrorAtProgress100WithTheMessage() {
        fuel.faults().failNextDeployment(60, "Puppet run failed on node-1");
        int c = readyToDeploy("env");
        int id = startDeployment(c).get("id").asInt();

        clock.advanceSeconds(59);
        assertThat(task(id).get("status").asText()).isEqualTo("running");
        assertThat(task(id).get("progress").asInt()).isEqualTo(59);

        clock.advanceSeconds(30);
        JsonNode failed = task(id);
        assertThat(failed.get("status").asText()).isEqualTo("error");
        assertThat(failed.get("progress").asInt()).isEqualTo(100);
        assertThat(failed.get("message").asText()).isEqualTo("Deployment has failed. Puppet run failed on node-1");
        assertThat(node(1).get("status").asText()).isEqualTo("error");
        assertThat(node(1).get("error_type").asText()).isEqualTo("deploy");
        assertThat(api.get("clusters/" + c).json().get("status").asText()).isEqualTo("error");
        assertThat(fuel.cluster("env")).hasValueSatisfying(v -> assertThat(v.nodeIds()).containsExactly(1, 2));
    }

    /** A failure before 40 % is the provision subtask's: "Provision has failed. ...", error_type provision. */
    @Test
    void failNextDeployment_duringProvisioning_isAProvisionFailure() {
        fuel.faults().failNextDeployment(10, "Timeout of provisioning is exceeded");
        int id = startDeployment(readyToDeploy("env")).get("id").asInt();

        clock.advanceSeconds(100);

        assertThat(task(id).get("message").asText()).isEqualTo("Provision has failed. Timeout of provisioning is exceeded");
        assertThat(node(2).get("error_type").asText()).isEqualTo("provision");
    }

    /** CheckBeforeDeploymentTask._check_nodes_are_online: the supertask errors; the cluster stays new. */
    @Test
    void nodeOfflineBeforeDeployment_failsThePreDeploymentCheck() {
        int c = readyToDeploy("env");
        fuel.faults().nodeOffline(MAC2);

        JsonNode started = startDeployment(c);
        JsonNode t = task(started.get("id").asInt());

        assertThat(t.get("status").asText()).isEqualTo("error");
        assertThat(t.get("message").asText()).isEqualTo("Nodes \"Untitled (00:02) (id=2, mac=" + MAC2
                + ")\" are offline. Remove them from environment and try again.");
        assertThat(api.get("clusters/" + c).json().get("status").asText()).isEqualTo("new");
    }

    /** CheckBeforeDeploymentTask._check_controllers_count (min 1 controller). */
    @Test
    void deploymentWithoutController_failsThePreDeploymentCheck() {
        int c = createCluster("env", JUNO, "multinode", "nova_network");
        assign(c, 2, "compute");

        JsonNode t = task(startDeployment(c).get("id").asInt());

        assertThat(t.get("message").asText()).isEqualTo("Not enough controllers, multinode mode requires at least 1 "
                + "controller(s)");
    }

    /** A node lost mid-deployment: _error_action without a message names the nodes ("Check these nodes"). */
    @Test
    void nodeOfflineDuringDeployment_failsItAtTheCurrentProgress() {
        int c = readyToDeploy("env");
        int id = startDeployment(c).get("id").asInt();
        clock.advanceSeconds(50);

        fuel.faults().nodeOffline(MAC2);
        clock.advanceSeconds(50);

        JsonNode t = task(id);
        assertThat(t.get("status").asText()).isEqualTo("error");
        assertThat(t.get("message").asText()).isEqualTo("Deployment has failed. Check these nodes:\n'Untitled (00:02)'");
    }

    /** Fault: a stalled deployment keeps running at the same progress; resumed, it goes on from there. */
    @Test
    void stalledDeployment_holdsItsProgress_untilResumed() {
        int id = startDeployment(readyToDeploy("env")).get("id").asInt();
        fuel.faults().stallDeployments(30);

        clock.advanceSeconds(500);
        assertThat(task(id).get("progress").asInt()).isEqualTo(30);
        assertThat(task(id).get("status").asText()).isEqualTo("running");

        fuel.faults().resumeDeployments();
        clock.advanceSeconds(20);
        assertThat(task(id).get("progress").asInt()).isEqualTo(50);
        clock.advanceSeconds(50);
        assertThat(task(id).get("status").asText()).isEqualTo("ready");
    }

    /** Fault: slow progress, a deployment taking ten times as long. */
    @Test
    void deploymentDuration_changesThePaceOfLaterDeployments() {
        fuel.faults().deploymentDuration(Duration.ofSeconds(1000));
        int id = startDeployment(readyToDeploy("env")).get("id").asInt();

        clock.advanceSeconds(100);

        assertThat(task(id).get("progress").asInt()).isEqualTo(10);
    }

    /** validators/task.py validate_delete: a running task needs ?force=1. */
    @Test
    void deleteTask_whileRunning_needsForce() {
        int id = startDeployment(readyToDeploy("env")).get("id").asInt();

        NailgunClient.Reply refused = api.delete("tasks/" + id);
        NailgunClient.Reply forced = api.delete("tasks/" + id + "?force=1");

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.json().get("message").asText()).isEqualTo("You cannot delete running task manually");
        assertThat(forced.status()).isEqualTo(204);
    }

    /** HA mode: network configuration has public_vip (Rally get_endpoint_ip reads it for ha_* modes). */
    @Test
    void haCluster_exposesPublicVipOutsideTheNodesAddresses() {
        int c = createCluster("ha", JUNO, "ha_compact", "nova_network");
        assign(c, 1, "controller");
        assign(c, 2, "compute");
        startDeployment(c);
        clock.advanceSeconds(100);

        String vip = api.get("clusters/" + c + "/network_configuration/nova_network").json().get("public_vip").asText();

        assertThat(vip).isEqualTo("172.16.0.2");
        assertThat(node(1).get("network_data").get(0).get("ip").asText()).isNotEqualTo(vip + "/24");
    }
}
