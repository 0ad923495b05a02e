package dev.patsnapcamel.status;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Map;

import freemarker.core.HTMLOutputFormat;
import freemarker.core.TemplateClassResolver;
import freemarker.template.Configuration;
import freemarker.template.TemplateException;
import freemarker.template.TemplateExceptionHandler;

/** Renders a {@link StatusSnapshot} as the status page (template {@code templates/status/status.ftlh}). */
public final class StatusPage {

    private static final String TEMPLATE = "status.ftlh";

    private final Configuration freemarker;

    public StatusPage() {
        freemarker = new Configuration(Configuration.VERSION_2_3_34);
        freemarker.setClassForTemplateLoading(StatusPage.class, "/templates/status");
        freemarker.setDefaultEncoding("UTF-8");
        // every ${...} is HTML-escaped, whatever the template's file name
        freemarker.setOutputFormat(HTMLOutputFormat.INSTANCE);
        freemarker.setTemplateExceptionHandler(TemplateExceptionHandler.RETHROW_HANDLER);
        freemarker.setLogTemplateExceptions(false);
        freemarker.setWrapUncheckedExceptions(true);
        freemarker.setNewBuiltinClassResolver(TemplateClassResolver.ALLOWS_NOTHING_RESOLVER);
        freemarker.setAPIBuiltinEnabled(false);
        freemarker.setNumberFormat("computer");
    }

    /** The page for this snapshot. */
    public String html(StatusSnapshot snapshot) {
        StringWriter out = new StringWriter();
        try {
            freemarker.getTemplate(TEMPLATE).process(Map.of("s", snapshot), out);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the status page's template", e);
        } catch (TemplateException e) {
            throw new IllegalStateException("the status page's template failed: " + e.getMessageWithoutStackTop(), e);
        }
        return out.toString();
    }
}
