package io.orderflow.job.cli;

import io.orderflow.venue.VenueEndpoints;
import io.orderflow.venue.Venues;
import picocli.CommandLine.Option;

/** Where to connect: the venue's production endpoints unless overridden. */
final class EndpointOptions {
    @Option(names = "--ws-base", description = "WebSocket base URL (default: the venue's production URL)")
    String wsBase;

    @Option(names = "--rest-base", description = "REST base URL (default: the venue's production URL)")
    String restBase;

    VenueEndpoints resolve(String venue) {
        VenueEndpoints defaults = Venues.byId(venue).defaultEndpoints();
        return new VenueEndpoints(wsBase != null ? wsBase : defaults.webSocketBase(),
                restBase != null ? restBase : defaults.restBase());
    }
}
