package io.htcengine.internal.cluster;

import org.slf4j.Logger;

import java.util.Arrays;

/**
 * Calls into the host's cluster plug-ins ({@code NodeExecutor.start/close}, {@code NodeProvisioner.provision/release},
 * {@code AutoscalePolicy.targetNodes}) that must not take the scheduler loop down with them: a failure is logged, with what the engine does about it, and
 * the caller goes on.
 *
 * <p>Every {@link Throwable} is contained, {@link Error}s too (a {@code NoClassDefFoundError} from a host SDK, a
 * {@code StackOverflowError} in its code), and {@link VirtualMachineError}s are not rethrown either: these calls sit
 * on paths that finish accepted work (a task's report drains and removes its node) or that end the engine
 * (termination closes the executors), and an exception out of them would lose a completion or wedge the loop. Task
 * handlers' errors are contained the same way (they fail the attempt). A JVM that is really out of memory will fail
 * on the engine's own code soon enough; the plug-in's share of it is logged here at ERROR.
 *
 * <p>Threading: scheduler loop only.
 */
final class PluginCalls {
    private PluginCalls() {
    }

    /**
     * Runs {@code call}; if it throws, logs {@code message} (an slf4j pattern over {@code args}) with the failure.
     *
     * @return null if the call returned normally, else what it threw
     */
    static Throwable guard(Logger log, Runnable call, String message, Object... args) {
        try {
            call.run();
            return null;
        } catch (Throwable t) {
            Object[] withCause = Arrays.copyOf(args, args.length + 1);
            withCause[args.length] = t;
            if (t instanceof Error) {
                log.error(message, withCause);
            } else {
                log.warn(message, withCause);
            }
            return t;
        }
    }
}
