package dev.patsnapcamel.mail;

import java.util.List;

/** A mail made but not yet addressed: its subject (without the prefix), both bodies, its attachments. */
record MailDraft(String subject, MailBody body, List<MailRequest.Attachment> attachments) {}
