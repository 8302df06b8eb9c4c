package io.cloudrig.doubles.ec2.state;

/**
 * The instance states the double moves through, with EC2's state codes (the low byte of {@code instanceState/code}).
 * Source: API reference, InstanceState (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_InstanceState.html)
 * and "Amazon EC2 instance state changes" (https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/ec2-instance-lifecycle.html).
 * Stopping and stopped are not modelled: the double has no StopInstances.
 */
public enum InstanceState {
    PENDING(0, "pending"),
    RUNNING(16, "running"),
    SHUTTING_DOWN(32, "shutting-down"),
    TERMINATED(48, "terminated");

    private final int code;
    private final String apiName;

    InstanceState(int code, String apiName) {
        this.code = code;
        this.apiName = apiName;
    }

    public int code() {
        return code;
    }

    /** The name EC2 uses ({@code shutting-down}, ...). */
    public String apiName() {
        return apiName;
    }
}
