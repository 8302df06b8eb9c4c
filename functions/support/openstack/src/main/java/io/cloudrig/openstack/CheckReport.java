package io.cloudrig.openstack;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.util.List;

/** What {@code deployment check} found: one result per identity and the service catalog of the first admin. */
@JsonPropertyOrder({"ok", "identities", "catalog"})
public final class CheckReport {
    private final List<IdentityCheck> identities;
    private final List<CatalogEntry> catalog;

    CheckReport(List<IdentityCheck> identities, List<CatalogEntry> catalog) {
        this.identities = List.copyOf(identities);
        this.catalog = List.copyOf(catalog);
    }

    /** True when every identity authenticated (and there was at least one). */
    @JsonProperty("ok")
    public boolean ok() {
        return !identities.isEmpty() && identities.stream().allMatch(IdentityCheck::ok);
    }

    @JsonProperty("identities")
    public List<IdentityCheck> identities() {
        return identities;
    }

    /** The catalog of the first admin that authenticated (or of the first user, when no admin did). */
    @JsonProperty("catalog")
    public List<CatalogEntry> catalog() {
        return catalog;
    }

    @Override
    public String toString() {
        return "CheckReport{ok=" + ok() + ", identities=" + identities + ", catalog=" + catalog.size() + " endpoints}";
    }
}
