/**
 * HTC Engine core: the public API ({@code io.htcengine.api}) and the SPIs a host plugs into
 * ({@code io.htcengine.spi}). Everything under {@code io.htcengine.internal} is not exported.
 */
module io.htcengine.core {
    requires transitive org.agrona;
    requires org.jctools.core;
    requires org.slf4j;
    requires HdrHistogram;

    exports io.htcengine.api;
    exports io.htcengine.spi;
}
