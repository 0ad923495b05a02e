package dev.patsnapcamel.config;

import java.util.List;
import java.util.Objects;

import org.apache.camel.CamelContext;
import org.apache.camel.model.Model;
import org.apache.camel.model.RouteDefinition;

/**
 * Checks at start-up that every endpoint of {@code patsnap.endpoints} has its batching route: a route made
 * from the template {@code routes/calls/endpoint-batches.camel.yaml} with that endpoint as its template
 * parameter {@value #PARAMETER} (the {@code camel.routeTemplate[...]} entries of the endpoint catalogue).
 */
final class EndpointRoutes {

    /** The template parameter that names the endpoint a batching route serves. */
    static final String PARAMETER = "endpoint";

    private EndpointRoutes() {}

    static void check(CamelContext context, List<String> endpoints) {
        List<RouteDefinition> routes =
                context.getCamelContextExtension().getContextPlugin(Model.class).getRouteDefinitions();
        for (String endpoint : endpoints) {
            boolean present = routes.stream()
                    .filter(RouteDefinition::isCreatedFromTemplate)
                    .anyMatch(r -> r.getTemplateParameters() != null
                            && Objects.equals(
                                    endpoint,
                                    String.valueOf(r.getTemplateParameters().get(PARAMETER))));
            if (!present) {
                throw new IllegalStateException(
                        "patsnap.endpoints lists '" + endpoint + "' but no route serves it: add "
                                + "camel.routeTemplate[endpoint-batches-" + endpoint
                                + "].* entries (see config/application.properties)");
            }
        }
    }
}
