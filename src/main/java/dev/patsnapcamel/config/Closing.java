package dev.patsnapcamel.config;

import org.apache.camel.support.service.ServiceSupport;

/** Closes an {@link AutoCloseable} when the Camel context stops (added with {@code context.addService}). */
final class Closing extends ServiceSupport {

    private final AutoCloseable resource;

    Closing(AutoCloseable resource) {
        this.resource = resource;
    }

    @Override
    protected void doStop() throws Exception {
        resource.close();
    }
}
