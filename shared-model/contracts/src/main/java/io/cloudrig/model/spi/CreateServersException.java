package io.cloudrig.model.spi;

import io.cloudrig.model.CloudrigException;
import io.cloudrig.model.ErrorCode;
import io.cloudrig.model.Server;

import java.util.List;
import java.util.Map;

/** Partial failure as data: which servers were created (and recorded), and why the others failed. */
public final class CreateServersException extends CloudrigException {
    private final List<Server> created;
    private final Map<String, String> failed;

    public CreateServersException(String provider, List<Server> created, Map<String, String> failed, Throwable firstCause) {
        super(ErrorCode.PROVIDER_FAILED, provider + ": " + failed.size() + " of " + (created.size() + failed.size())
                + " servers failed: " + failed, firstCause);
        this.created = List.copyOf(created);
        this.failed = Map.copyOf(failed);
    }

    public List<Server> created() {
        return created;
    }

    /** Resource id → reason (no secrets). */
    public Map<String, String> failed() {
        return failed;
    }
}
