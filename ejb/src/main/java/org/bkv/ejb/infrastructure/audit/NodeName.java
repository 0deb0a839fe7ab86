package org.bkv.ejb.infrastructure.audit;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * The name this node writes into every audit event and tree head: {@code bkv.node.name} when configured, else the
 * host name. At most 64 characters (the columns' width).
 */
public final class NodeName {

    /** MicroProfile Config key. */
    public static final String KEY = "bkv.node.name";
    static final int MAX = 64;

    private NodeName() {
    }

    /** The configured name, or the host name when {@code configured} is blank. */
    public static String resolve(String configured) {
        String name = configured == null || configured.isBlank() ? hostName() : configured.strip();
        return name.length() > MAX ? name.substring(0, MAX) : name;
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            // No resolvable host name (a bare container): the name is a label, not an address; say so plainly.
            return "unnamed-node";
        }
    }
}
