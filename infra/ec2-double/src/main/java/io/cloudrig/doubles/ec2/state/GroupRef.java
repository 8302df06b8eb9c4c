package io.cloudrig.doubles.ec2.state;

/** A security group as an instance refers to it. */
public record GroupRef(String id, String name) {
}
