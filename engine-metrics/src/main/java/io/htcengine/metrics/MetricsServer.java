package io.htcengine.metrics;

import io.prometheus.metrics.exporter.httpserver.HTTPServer;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * An HTTP endpoint serving {@link EngineMetrics} at {@code /metrics} in the Prometheus text format (OpenMetrics and
 * protobuf on request). Off unless started: nothing listens until {@link #start(EngineMetrics, int)}.
 *
 * <p>Threading: any thread; the server answers on its own daemon threads and only reads the metrics.
 */
public final class MetricsServer implements AutoCloseable {
    /** The default interface: loopback only, so the endpoint is not exposed beyond the host by accident. */
    public static final String LOOPBACK = "127.0.0.1";

    private final HTTPServer server;

    private MetricsServer(HTTPServer server) {
        this.server = server;
    }

    /**
     * Serves {@code metrics} on 127.0.0.1.
     *
     * @param port 0 for an ephemeral port (see {@link #port()}), else 1 to 65,535
     * @throws UncheckedIOException if the port cannot be bound
     */
    public static MetricsServer start(EngineMetrics metrics, int port) {
        return start(metrics, LOOPBACK, port);
    }

    /**
     * Serves {@code metrics} on the given interface ("0.0.0.0" for all: only behind a firewall).
     *
     * @throws UncheckedIOException if the port cannot be bound
     */
    public static MetricsServer start(EngineMetrics metrics, String host, int port) {
        if (metrics == null) {
            throw new IllegalArgumentException("metrics must not be null");
        }
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("host must not be blank, was " + host);
        }
        if (host.indexOf(':') >= 0 && host.indexOf(':') == host.lastIndexOf(':')) { // one colon: a port (IPv6 has more)
            throw new IllegalArgumentException("host must be a host name or an address, without a port, was '" + host
                + "'");
        }
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be between 0 and 65535, was " + port);
        }
        try {
            return new MetricsServer(HTTPServer.builder().hostname(host).port(port).registry(metrics.registry())
                .buildAndStart());
        } catch (IOException e) {
            throw new UncheckedIOException("could not serve metrics on " + host + ":" + port + ": "
                + (e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName())
                + "; choose another port, or 0 for any free one", e);
        }
    }

    /** @return the bound port (the one chosen when started with port 0). */
    public int port() {
        return server.getPort();
    }

    /** Stops serving; idempotent. */
    @Override
    public void close() {
        server.close();
    }
}
