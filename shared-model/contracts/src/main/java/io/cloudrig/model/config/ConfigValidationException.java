package io.cloudrig.model.config;

import io.cloudrig.model.CloudrigException;
import io.cloudrig.model.ErrorCode;

import java.util.List;
import java.util.stream.Collectors;

/** Every mistake of a config at once. */
public final class ConfigValidationException extends CloudrigException {
    private final List<ConfigError> errors;

    public ConfigValidationException(List<ConfigError> errors) {
        super(ErrorCode.INVALID_CONFIG, errors.size() + " config error" + (errors.size() == 1 ? "" : "s") + ":\n  "
                + errors.stream().map(ConfigError::toString).collect(Collectors.joining("\n  ")));
        this.errors = List.copyOf(errors);
    }

    public List<ConfigError> errors() {
        return errors;
    }
}
