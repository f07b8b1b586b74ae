/**
 * Runnable programs that show HTC Engine at work, behind one launcher: {@code ./htc <command>}
 * ({@link io.htcengine.examples.Htc}). Each command lives in its own package; {@code cli} holds what they share
 * (the {@link io.htcengine.examples.cli.Command} interface and a small option parser).
 */
package io.htcengine.examples;
