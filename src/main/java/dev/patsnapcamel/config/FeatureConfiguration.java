package dev.patsnapcamel.config;

import org.apache.camel.CamelContext;

/**
 * The beans of one feature, bound into the registry from the settings. Not a {@code CamelConfiguration} of its
 * own on purpose: Camel Main finds every {@code CamelConfiguration} on the class path (the tests' Main does, and
 * in no fixed order), while these must run in the order {@link PatsnapConfiguration#FEATURES} gives.
 */
interface FeatureConfiguration {

    void configure(CamelContext context) throws Exception;
}
