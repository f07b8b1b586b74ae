/**
 * HTC Engine core: the public API ({@code io.htcengine.api}) and the SPIs a host plugs into
 * ({@code io.htcengine.spi}), and the simulation on virtual time ({@code io.htcengine.sim}). Everything under {@code io.htcengine.internal} is not exported.
 */
module io.htcengine.core {
    requires transitive org.agrona;
    requires org.jctools.core;
    requires org.slf4j;
    requires HdrHistogram;

    exports io.htcengine.api;
    exports io.htcengine.spi;
    exports io.htcengine.sim;
}
