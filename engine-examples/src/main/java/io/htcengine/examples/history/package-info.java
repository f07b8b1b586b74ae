/** {@code ./htc history}: reading a store's job history with engine-sqlite's {@code JobHistory}. */
package io.htcengine.examples.history;
