package io.cloudrig.openstack;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.util.Objects;

/** One endpoint of a Keystone service catalog: service name and type, interface, region and URL. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"service", "type", "interface", "region", "url"})
public final class CatalogEntry {
    private final String serviceName;
    private final String serviceType;
    private final String interfaceName;
    private final String region;
    private final String url;

    private CatalogEntry(String serviceName, String serviceType, String interfaceName, String region, String url) {
        this.serviceName = serviceName;
        this.serviceType = Objects.requireNonNull(serviceType, "serviceType");
        this.interfaceName = Objects.requireNonNull(interfaceName, "interfaceName");
        this.region = region;
        this.url = Objects.requireNonNull(url, "url");
    }

    /**
     * @param serviceName e.g. {@code keystone} (may be null: Keystone does not require service names)
     * @param serviceType e.g. {@code identity}
     * @param interfaceName {@code public}, {@code internal} or {@code admin}
     * @param region the region id, or null
     */
    public static CatalogEntry of(String serviceName, String serviceType, String interfaceName, String region, String url) {
        return new CatalogEntry(serviceName, serviceType, interfaceName, region, url);
    }

    @JsonProperty("service")
    public String serviceName() {
        return serviceName;
    }

    @JsonProperty("type")
    public String serviceType() {
        return serviceType;
    }

    @JsonProperty("interface")
    public String interfaceName() {
        return interfaceName;
    }

    @JsonProperty("region")
    public String region() {
        return region;
    }

    @JsonProperty("url")
    public String url() {
        return url;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof CatalogEntry)) {
            return false;
        }
        CatalogEntry c = (CatalogEntry) o;
        return Objects.equals(serviceName, c.serviceName) && serviceType.equals(c.serviceType)
                && interfaceName.equals(c.interfaceName) && Objects.equals(region, c.region) && url.equals(c.url);
    }

    @Override
    public int hashCode() {
        return Objects.hash(serviceName, serviceType, interfaceName, region, url);
    }

    @Override
    public String toString() {
        return serviceType + "/" + interfaceName + " " + url + (region != null ? " (" + region + ")" : "")
                + (serviceName != null ? " [" + serviceName + "]" : "");
    }
}
