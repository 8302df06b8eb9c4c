package io.cloudrig.doubles.ec2.state;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/** A VPC security group; new groups get EC2's default egress rule (all traffic to 0.0.0.0/0). */
public final class SecurityGroup {
    private final String id;
    private final String name;
    private final String description;
    private final String vpcId;
    private final Map<String, String> tags;
    private final List<IpRule> ingress = new ArrayList<>();
    private final List<IpRule> egress = new ArrayList<>();

    public SecurityGroup(String id, String name, String description, String vpcId, Map<String, String> tags) {
        this.id = id;
        this.name = name;
        this.description = description;
        this.vpcId = vpcId;
        this.tags = Tags.copy(tags);
        egress.add(new IpRule(Ids.next("sgr"), "-1", null, null, "0.0.0.0/0", null, null, null));
    }

    public String id() {
        return id;
    }

    public String name() {
        return name;
    }

    public String description() {
        return description;
    }

    public String vpcId() {
        return vpcId;
    }

    public Map<String, String> tags() {
        return tags;
    }

    public List<IpRule> ingress() {
        return Collections.unmodifiableList(ingress);
    }

    public List<IpRule> egress() {
        return Collections.unmodifiableList(egress);
    }

    public void addIngress(List<IpRule> rules) {
        ingress.addAll(rules);
    }

    public boolean isDefault() {
        return name.equals("default");
    }
}
