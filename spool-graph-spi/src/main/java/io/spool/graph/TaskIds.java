package io.spool.graph;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.UUID;

/**
 * The id of a task: the execution of {@code node} that follows checkpoint {@code checkpointId}. The server (in a
 * state's {@code tasks} and a thread's {@code interrupts}) and runtimes (in {@code tasks} and {@code debug} events)
 * compute it the same way, so one task has one id everywhere, as in LangGraph.
 */
public final class TaskIds {

    private static final UUID NAMESPACE = UUID.fromString("6ba7b821-9dad-11d1-80b4-00c04fd430c8");

    private TaskIds() {
    }

    public static String of(String checkpointId, String node) {
        return uuid5(UUID.fromString(uuid5(NAMESPACE, checkpointId)), node);
    }

    private static String uuid5(UUID namespace, String name) {
        try {
            MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
            sha1.update(ByteBuffer.allocate(16).putLong(namespace.getMostSignificantBits())
                    .putLong(namespace.getLeastSignificantBits()).array());
            byte[] hash = sha1.digest(name.getBytes(StandardCharsets.UTF_8));
            hash[6] = (byte) ((hash[6] & 0x0f) | 0x50);
            hash[8] = (byte) ((hash[8] & 0x3f) | 0x80);
            ByteBuffer b = ByteBuffer.wrap(hash, 0, 16);
            return new UUID(b.getLong(), b.getLong()).toString();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
