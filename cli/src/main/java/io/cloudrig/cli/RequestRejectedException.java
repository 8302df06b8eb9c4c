package io.cloudrig.cli;

/** A published request the functions rejected: the message says {@code rejected:} with every error (exit 1). */
public final class RequestRejectedException extends CliFailure {
    private final transient PublishedRequests.Published request;
    private final transient PublishedRequests.Rejected rejection;

    public RequestRejectedException(PublishedRequests.Published request, PublishedRequests.Rejected rejection) {
        super("deployment " + Text.visible(request.name()) + " " + PublishedRequests.describe(rejection));
        this.request = request;
        this.rejection = rejection;
    }

    public PublishedRequests.Published request() {
        return request;
    }

    public PublishedRequests.Rejected rejection() {
        return rejection;
    }
}
