package io.cloudrig.doubles.ec2.protocol;

/**
 * An EC2 API error: the request fails with {@link #code()}, {@link #getMessage()} and {@link #httpStatus()}, written
 * in EC2's error format by {@link XmlWriter#error}.
 */
public final class Ec2Error extends RuntimeException {
    private final String code;
    private final int httpStatus;

    public Ec2Error(ErrorCode code, String message) {
        this(code.code(), code.httpStatus(), message);
    }

    public Ec2Error(String code, int httpStatus, String message) {
        super(message, null, false, false);
        this.code = code;
        this.httpStatus = httpStatus;
    }

    public String code() {
        return code;
    }

    public int httpStatus() {
        return httpStatus;
    }

    public static Ec2Error missingParameter(String name) {
        return new Ec2Error(ErrorCode.MISSING_PARAMETER, "The request must contain the parameter " + name);
    }

    /** EC2's wording for a parameter with a bad value, with what was expected. */
    public static Ec2Error invalidValue(String name, String received, String expected) {
        return new Ec2Error(ErrorCode.INVALID_PARAMETER_VALUE,
                "Invalid value '" + received + "' for " + name + ". Expected " + expected + ".");
    }

    public static Ec2Error invalidCombination(String message) {
        return new Ec2Error(ErrorCode.INVALID_PARAMETER_COMBINATION, message);
    }
}
