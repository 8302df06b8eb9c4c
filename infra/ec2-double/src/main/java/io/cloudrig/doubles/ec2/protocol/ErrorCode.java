package io.cloudrig.doubles.ec2.protocol;

import java.util.Arrays;

/**
 * The EC2 error codes this double returns, each with the HTTP status EC2 sends it with.
 *
 * <p>Source: "Error codes for the Amazon EC2 API"
 * (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/errors-overview.html): client errors come with a 400-series
 * status, server errors with a 500-series one. {@code RequestLimitExceeded} is listed there among the common client
 * errors but EC2 answers it with {@code 503 Service Unavailable} (seen on the wire, e.g. jclouds issue 1214); the SDK
 * classifies it as throttling by its code. {@code DryRunOperation} comes with 412.
 */
public enum ErrorCode {
    DEPENDENCY_VIOLATION("DependencyViolation", 400),
    DRY_RUN_OPERATION("DryRunOperation", 412),
    IDEMPOTENT_PARAMETER_MISMATCH("IdempotentParameterMismatch", 400),
    INSUFFICIENT_INSTANCE_CAPACITY("InsufficientInstanceCapacity", 500),
    INTERNAL_ERROR("InternalError", 500),
    INVALID_ACTION("InvalidAction", 400),
    INVALID_AMI_ID_MALFORMED("InvalidAMIID.Malformed", 400),
    INVALID_AMI_ID_NOT_FOUND("InvalidAMIID.NotFound", 400),
    INVALID_BLOCK_DEVICE_MAPPING("InvalidBlockDeviceMapping", 400),
    INVALID_GROUP_DUPLICATE("InvalidGroup.Duplicate", 400),
    INVALID_GROUP_ID_MALFORMED("InvalidGroupId.Malformed", 400),
    INVALID_GROUP_NOT_FOUND("InvalidGroup.NotFound", 400),
    INVALID_INSTANCE_ID_MALFORMED("InvalidInstanceID.Malformed", 400),
    INVALID_INSTANCE_ID_NOT_FOUND("InvalidInstanceID.NotFound", 400),
    INVALID_KEY_PAIR_DUPLICATE("InvalidKeyPair.Duplicate", 400),
    INVALID_KEY_PAIR_NOT_FOUND("InvalidKeyPair.NotFound", 400),
    INVALID_PAGINATION_TOKEN("InvalidPaginationToken", 400),
    INVALID_PARAMETER_COMBINATION("InvalidParameterCombination", 400),
    INVALID_PARAMETER_VALUE("InvalidParameterValue", 400),
    INVALID_PERMISSION_DUPLICATE("InvalidPermission.Duplicate", 400),
    INVALID_SUBNET_ID_NOT_FOUND("InvalidSubnetID.NotFound", 400),
    INVALID_VPC_ID_NOT_FOUND("InvalidVpcID.NotFound", 400),
    CANNOT_DELETE("CannotDelete", 400),
    MISSING_PARAMETER("MissingParameter", 400),
    REQUEST_LIMIT_EXCEEDED("RequestLimitExceeded", 503),
    TAG_LIMIT_EXCEEDED("TagLimitExceeded", 400),
    UNAVAILABLE("Unavailable", 503);

    private final String code;
    private final int httpStatus;

    ErrorCode(String code, int httpStatus) {
        this.code = code;
        this.httpStatus = httpStatus;
    }

    public String code() {
        return code;
    }

    public int httpStatus() {
        return httpStatus;
    }

    /**
     * The HTTP status EC2 sends {@code code} with: the table above for a known code, otherwise 500 for the documented
     * server-error codes' shape ({@code Server.*}, {@code *Internal*}) and 400 for anything else.
     */
    public static int httpStatusOf(String code) {
        return Arrays.stream(values())
                .filter(c -> c.code.equals(code))
                .findFirst()
                .map(ErrorCode::httpStatus)
                .orElseGet(() -> code.startsWith("Server.") || code.contains("Internal") ? 500 : 400);
    }
}
