/**
 * What a host plugs into the engine: {@link io.htcengine.spi.NodeExecutor}s that run dispatched tasks, and
 * {@link io.htcengine.spi.TaskListener}s that see every transition. Each type says on which thread it is called.
 */
package io.htcengine.spi;
