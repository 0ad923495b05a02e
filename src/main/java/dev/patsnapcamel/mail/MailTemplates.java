package dev.patsnapcamel.mail;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Map;

import freemarker.core.TemplateClassResolver;
import freemarker.template.Configuration;
import freemarker.template.TemplateException;
import freemarker.template.TemplateExceptionHandler;

/**
 * The templates of the mail bodies, {@code templates/mail/*.ftlh} on the class path, rendered with
 * FreeMarker's own API (the mails are made in {@link MailComposer}, a bean, so no route URI is needed).
 * {@code .ftlh} templates escape every value for HTML unless a template says otherwise; templates may not
 * create Java objects ({@code ?new} is off) nor reach the Java API ({@code ?api} is off), and a mistake in
 * a template fails the mail instead of being printed into it.
 */
final class MailTemplates {

    /** The template of the HTML body: the blocks of a {@link MailBody}. */
    static final String BODY = "body.ftlh";

    private final Configuration freemarker;

    MailTemplates() {
        freemarker = new Configuration(Configuration.VERSION_2_3_34);
        freemarker.setClassForTemplateLoading(MailTemplates.class, "/templates/mail");
        freemarker.setDefaultEncoding("UTF-8");
        freemarker.setRecognizeStandardFileExtensions(true);
        freemarker.setTemplateExceptionHandler(TemplateExceptionHandler.RETHROW_HANDLER);
        freemarker.setLogTemplateExceptions(false);
        freemarker.setWrapUncheckedExceptions(true);
        freemarker.setNewBuiltinClassResolver(TemplateClassResolver.ALLOWS_NOTHING_RESOLVER);
        freemarker.setAPIBuiltinEnabled(false);
    }

    /** The template filled with the model. */
    String render(String template, Map<String, ?> model) {
        StringWriter out = new StringWriter();
        try {
            freemarker.getTemplate(template).process(model, out);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the mail template " + template, e);
        } catch (TemplateException e) {
            throw new IllegalStateException(
                    "the mail template " + template + " failed: " + e.getMessageWithoutStackTop(), e);
        }
        return out.toString();
    }
}
