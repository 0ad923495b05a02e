package dev.patsnapcamel.config;

import org.apache.camel.CamelContext;

/** The beans an earlier configuration class bound, looked up by the later ones. */
final class Beans {

    private Beans() {}

    /** The bean, or a start-up error saying which configuration class should have bound it. */
    static <T> T need(CamelContext context, String name, Class<T> type) {
        T bean = context.getRegistry().lookupByNameAndType(name, type);
        if (bean == null) {
            throw new IllegalStateException("bean " + name + " (" + type.getSimpleName()
                    + ") is not bound yet: check the " + "order of PatsnapConfiguration.FEATURES");
        }
        return bean;
    }
}
