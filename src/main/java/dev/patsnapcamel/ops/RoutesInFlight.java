package dev.patsnapcamel.ops;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.camel.Route;
import org.apache.camel.support.RoutePolicySupport;

/**
 * Counts the exchanges in flight in the routes that name this bean as their {@code routePolicy} (route
 * {@code call-attempt}: {@code routePolicy: callsInFlight}, read by the gauge {@code patsnap.calls.in.flight}),
 * as Camel's inflight repository counts them; the routes say who they are, so no route id is written here.
 */
public final class RoutesInFlight extends RoutePolicySupport {

    private final Set<Route> routes = ConcurrentHashMap.newKeySet();

    @Override
    public void onInit(Route route) {
        routes.add(route);
    }

    @Override
    public void onRemove(Route route) {
        routes.remove(route);
    }

    /** The exchanges in flight in those routes now. */
    public int size() {
        int inFlight = 0;
        for (Route route : routes) {
            inFlight += route.getCamelContext().getInflightRepository().size(route.getRouteId());
        }
        return inFlight;
    }
}
