package dev.patsnapcamel.intake;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.camel.component.file.GenericFile;
import org.apache.camel.component.file.GenericFileFilter;
import org.apache.camel.component.file.remote.SftpRemoteFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.jcraft.jsch.ChannelSftp;
import com.jcraft.jsch.SftpATTRS;

/**
 * Takes only regular files from the SFTP folder: a symbolic link, a named pipe, a socket or a device on
 * the server is never downloaded (reading a pipe would hold the look up until the server gives up). Such
 * an entry is left on the server with one WARN line (not one per look). Folders are not looked into.
 * A file whose name is too long to be downloaded to the local work folder (which adds
 * {@code .inprogress} while downloading, and allows 255 bytes per name) is left the same way, with the
 * advice to rename it.
 */
public final class SftpEntryFilter implements GenericFileFilter<SftpRemoteFile<?>> {

    private static final Logger LOG = LoggerFactory.getLogger(SftpEntryFilter.class);
    private static final int REMEMBERED = 10_000;
    /** The longest name (UTF-8 bytes) the local work folder can hold with {@code .inprogress} after it. */
    static final int MAX_NAME_BYTES = 255 - ".inprogress".length();

    private final Map<String, String> reported = Collections.synchronizedMap(new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
            return size() > REMEMBERED;
        }
    });

    @Override
    public boolean accept(GenericFile<SftpRemoteFile<?>> file) {
        SftpRemoteFile<?> remote = file.getFile();
        if (remote == null || !(remote.getRemoteFile() instanceof ChannelSftp.LsEntry entry)) {
            // nothing known about it (a named file without a listing): as the consumer would
            return true;
        }
        SftpATTRS attributes = entry.getAttrs();
        if (attributes != null && attributes.isDir()) {
            return false;
        }
        String what;
        if (attributes != null && !attributes.isReg()) {
            what = attributes.isLink()
                    ? "a symbolic link"
                    : attributes.isFifo()
                            ? "a named pipe (FIFO)"
                            : attributes.isSock() ? "a socket" : "not a regular file";
        } else if (file.getFileNameOnly().getBytes(StandardCharsets.UTF_8).length > MAX_NAME_BYTES) {
            what = "named too long to be downloaded (more than " + MAX_NAME_BYTES + " bytes): rename it on the server";
        } else {
            return true;
        }
        String path = file.getAbsoluteFilePath();
        if (!what.equals(reported.put(path, what))) {
            LOG.warn("SFTP entry {} is {}: not read, left on the server", InboxFilter.printable(path), what);
        }
        return false;
    }
}
