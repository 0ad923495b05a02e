/**
 * The status page: what the bundle is doing now, read from the beans of the other features and shown at
 * {@code /observe/status} (HTML) and {@code /observe/status.json} on the management port (routes
 * {@code status-page} and {@code status-json}). Read-only: nothing here changes the work.
 */
package dev.patsnapcamel.status;
