package io.keyledger.local.guard;

import io.keyledger.local.config.PortUse;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;

/**
 * Finds ports that are taken before anything starts, so that a clash is one clear line
 * instead of a stack trace from the middle of Kafka's startup.
 */
public final class PortCheck {

    private PortCheck() {
    }

    /** The uses whose port is taken, in the order given. */
    public static List<PortUse> taken(List<PortUse> uses) {
        return uses.stream().filter(use -> !isFree(use.port())).toList();
    }

    /** One line for the user, naming the port, what needs it and how to move it. */
    public static String describe(PortUse use) {
        return "port " + use.port() + " is already in use; the " + use.owner() + " needs it"
                + " (free it or set " + use.variable() + " to another port)";
    }

    /**
     * Free means: we can bind it on every interface and nobody answers on loopback. The
     * connect catches listeners the bind test misses (another address family, a process
     * that set SO_REUSEPORT).
     */
    public static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(port));
        } catch (IOException e) {
            return false;
        }
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
            return false;
        } catch (IOException e) {
            return true;
        }
    }
}
