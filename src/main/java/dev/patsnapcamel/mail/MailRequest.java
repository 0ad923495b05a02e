package dev.patsnapcamel.mail;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * A mail waiting in the mail outbox ({@code <outbox.dir>/mail/<id>.json}) to be sent: who it goes to,
 * both bodies, the files to attach, and how often sending it has failed so far.
 *
 * @param id          unique, sortable by time: {@code <yyyyMMddHHmmssSSS>-<kind>-<random>}
 * @param kind        {@code summary}, {@code alert} or {@code changes}
 * @param attachments files to attach at sending time (left out, with a line in the log, if gone by then)
 * @param attempts    failed attempts so far
 * @param lastError   why the last attempt failed
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"id", "kind", "to", "subject", "text", "html", "attachments", "created_at", "attempts", "last_error"
})
public record MailRequest(
        @JsonProperty("id") String id,
        @JsonProperty("kind") String kind,
        @JsonProperty("to") List<String> to,
        @JsonProperty("subject") String subject,
        @JsonProperty("text") String text,
        @JsonProperty("html") String html,
        @JsonProperty("attachments") List<Attachment> attachments,
        @JsonProperty("created_at") String createdAt,
        @JsonProperty("attempts") int attempts,
        @JsonProperty("last_error") String lastError) {

    public MailRequest {
        to = to == null ? List.of() : List.copyOf(to);
        attachments = attachments == null ? List.of() : List.copyOf(attachments);
    }

    /** The request's file name in the mail outbox. */
    @JsonIgnore
    public String fileName() {
        return id + ".json";
    }

    /** The same request after one more failed attempt. */
    public MailRequest failedOnce(String error) {
        return new MailRequest(id, kind, to, subject, text, html, attachments, createdAt, attempts + 1, error);
    }

    /** A file to attach: where it is, the name the recipient sees, its MIME type. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Attachment(
            @JsonProperty("path") String path,
            @JsonProperty("name") String name,
            @JsonProperty("content_type") String contentType) {}
}
