package io.spool.webhooks;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Which addresses a webhook may not call: everything that is not the public internet. A server that posts wherever a
 * client asks must not become the client's way into the server's own machine, its network or its cloud's metadata
 * service (server-side request forgery).
 */
final class Addresses {

    private Addresses() {
    }

    /** Why {@code a} is refused ("a loopback address", ...), or null when it is a public address. */
    static String refusal(InetAddress a) {
        if (a instanceof Inet4Address v4) return refusal4(v4.getAddress());
        byte[] b = a.getAddress();
        int first = b[0] & 0xff;
        if (a.isAnyLocalAddress()) return "the unspecified address";
        if (a.isLoopbackAddress()) return "a loopback address";
        if (isMetadata6(b)) return "a cloud metadata address";
        if ((first & 0xfe) == 0xfc) return "a private (unique local) address";
        if (first == 0xfe && (b[1] & 0xc0) == 0x80) return "a link-local address";
        if (first == 0xfe && (b[1] & 0xc0) == 0xc0) return "a private (site-local) address";
        if (first == 0xff) return "a multicast address";
        byte[] embedded = embeddedIpv4(b);
        if (embedded != null) {
            String inner = refusal4(embedded);
            if (inner != null) return inner + " (inside an IPv6 address)";
        }
        return null;
    }

    private static String refusal4(byte[] b) {
        int o1 = b[0] & 0xff;
        int o2 = b[1] & 0xff;
        if (o1 == 0 && o2 == 0 && b[2] == 0 && b[3] == 0) return "the unspecified address";
        if (o1 == 169 && o2 == 254 && (b[2] & 0xff) == 169 && (b[3] & 0xff) == 254) {
            return "a cloud metadata address";
        }
        if (o1 == 100 && o2 == 100 && (b[2] & 0xff) == 100 && (b[3] & 0xff) == 200) {
            return "a cloud metadata address"; // Alibaba Cloud's, inside the shared range below
        }
        if (o1 == 127) return "a loopback address";
        if (o1 == 10 || (o1 == 172 && (o2 & 0xf0) == 16) || (o1 == 192 && o2 == 168)) return "a private address";
        if (o1 == 169 && o2 == 254) return "a link-local address";
        if (o1 == 100 && (o2 & 0xc0) == 64) return "a shared (carrier-grade NAT) address";
        if (o1 == 0) return "a reserved address";
        if (o1 == 192 && o2 == 0 && b[2] == 0) return "a reserved (IETF protocol) address";
        if (o1 == 198 && (o2 & 0xfe) == 18) return "a reserved (benchmarking) address";
        if (o1 >= 224 && o1 <= 239) return "a multicast address";
        if (o1 >= 240) return "a reserved address";
        return null;
    }

    /** fd00:ec2::254, the AWS metadata service over IPv6. */
    private static boolean isMetadata6(byte[] b) {
        byte[] aws = {(byte) 0xfd, 0, 0x0e, (byte) 0xc2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x02, 0x54};
        return java.util.Arrays.equals(b, aws);
    }

    /**
     * The IPv4 address an IPv6 address carries, where the network would deliver to it: IPv4-compatible
     * ({@code ::a.b.c.d}), NAT64 ({@code 64:ff9b::/96}) and 6to4 ({@code 2002:AABB:CCDD::/48}). IPv4-mapped addresses
     * ({@code ::ffff:a.b.c.d}) the JDK already turns into IPv4 ones.
     */
    private static byte[] embeddedIpv4(byte[] b) {
        boolean zeros96 = true;
        for (int i = 0; i < 12; i++) zeros96 &= b[i] == 0;
        boolean nat64 = (b[0] & 0xff) == 0x00 && (b[1] & 0xff) == 0x64 && (b[2] & 0xff) == 0xff
                && (b[3] & 0xff) == 0x9b;
        for (int i = 4; nat64 && i < 12; i++) nat64 = b[i] == 0;
        if (zeros96 || nat64) return new byte[] {b[12], b[13], b[14], b[15]};
        if ((b[0] & 0xff) == 0x20 && (b[1] & 0xff) == 0x02) return new byte[] {b[2], b[3], b[4], b[5]};
        return null;
    }

    /** An IP literal's address (brackets of IPv6 literals allowed), or null for a host name. */
    static InetAddress literal(String host) {
        String h = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        boolean v4 = h.matches("\\d{1,3}(\\.\\d{1,3}){3}");
        if (!v4 && !h.contains(":")) return null;
        try {
            return InetAddress.getByName(h); // a literal: no lookup
        } catch (UnknownHostException e) {
            return null;
        }
    }
}
