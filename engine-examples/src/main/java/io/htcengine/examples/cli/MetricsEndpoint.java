package io.htcengine.examples.cli;

import io.htcengine.metrics.EngineMetrics;
import io.htcengine.metrics.MetricsServer;

import java.io.PrintStream;
import java.io.UncheckedIOException;

/** The Prometheus endpoint of a command's {@code --metrics-port}: started before the command prints or runs anything. */
public final class MetricsEndpoint {
    private static final String SERVER_HINT = "; choose another port, or 0 for any free one";

    private MetricsEndpoint() {
    }

    /**
     * Serves {@code metrics} on 127.0.0.1:{@code port} and says where on {@code err}.
     *
     * @param port the value of {@code --metrics-port} (0: any free port), or -1 for no endpoint
     * @return the server, or null when {@code port} is -1
     * @throws UsageException naming {@code --metrics-port}, the address and the reason, when the port cannot be bound
     *                        (e.g. it is in use)
     */
    public static MetricsServer start(EngineMetrics metrics, int port, PrintStream err) {
        if (port < 0) {
            return null;
        }
        MetricsServer server;
        try {
            server = MetricsServer.start(metrics, port);
        } catch (UncheckedIOException e) {
            String message = e.getMessage(); // MetricsServer's says the address, the reason, and what to do
            if (message.endsWith(SERVER_HINT)) { // said again below, in the option's words
                message = message.substring(0, message.length() - SERVER_HINT.length());
            }
            throw new UsageException("--metrics-port: " + message + "; choose another --metrics-port, or 0 for any "
                + "free one");
        }
        err.println("metrics: http://127.0.0.1:" + server.port() + "/metrics");
        return server;
    }
}
