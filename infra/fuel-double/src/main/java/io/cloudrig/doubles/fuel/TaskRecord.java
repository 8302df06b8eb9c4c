package io.cloudrig.doubles.fuel;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.UUID;

/** One row of Nailgun's {@code tasks} table (fuel-web 7.0 {@code db/sqlalchemy/models/task.py}). */
final class TaskRecord {
    static final String RUNNING = "running";
    static final String READY = "ready";
    static final String ERROR = "error";

    final int id;
    final String uuid = UUID.randomUUID().toString();
    String name;
    final Integer clusterId;
    final Integer parentId;
    String status = RUNNING;
    int progress;
    String message;
    /** {@code Task.result}: {} unless a network check stores its per-network errors there. */
    JsonNode result = Json.object();

    TaskRecord(int id, String name, Integer clusterId, Integer parentId) {
        this.id = id;
        this.name = name;
        this.clusterId = clusterId;
        this.parentId = parentId;
    }

    boolean isFinished() {
        return !RUNNING.equals(status);
    }

    void finish(String newStatus, String newMessage) {
        status = newStatus;
        progress = 100;
        message = newMessage;
    }
}
