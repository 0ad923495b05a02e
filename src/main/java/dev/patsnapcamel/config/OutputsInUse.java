package dev.patsnapcamel.config;

import java.util.Set;

import dev.patsnapcamel.flow.Outputs;

/**
 * Bean {@code outputsInUse}: whether an output is named in {@code outputs} or in any {@code <intake>.outputs}.
 * The optional output routes read it in their {@code precondition}
 * ({@code precondition: "${bean:outputsInUse.has('jdbc')}"}), so that an output nobody names has no route,
 * and the configuration classes read it to build that output's beans only when it is used.
 */
public final class OutputsInUse {

    private final Set<String> named;

    public OutputsInUse(Outputs outputs) {
        this.named = Set.copyOf(outputs.named());
    }

    public boolean has(String output) {
        return named.contains(output);
    }
}
