package io.htcengine.api;

import io.htcengine.internal.Validate;
import io.htcengine.spi.Journal;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How an engine persists durable tasks: the journal (e.g. engine-sqlite's {@code SqliteStore}), the durability mode
 * and the handlers durable tasks name. Configure it, then pass it to {@link EngineBuilder#persistence}; the engine's
 * {@code build()} checks every value:
 * <pre>{@code
 * Persistence.to(store).durability(Durability.SYNC).handler("price", (input, ctx) -> price(input))
 * }</pre>
 */
public final class Persistence {
    /** A registered handler and the retry policy of its tasks. */
    public record Handler(String name, DurableHandler handler, RetryPolicy retry) {
    }

    private final Journal journal;
    private Durability durability = Durability.ASYNC;
    private final Map<String, Handler> handlers = new LinkedHashMap<>();

    private Persistence(Journal journal) {
        this.journal = journal;
    }

    /** @param journal where durable tasks are journaled; not null. The host closes it after the engine. */
    public static Persistence to(Journal journal) {
        return new Persistence(Validate.notNull("journal", journal));
    }

    /** @param durability when a submission counts as safe; {@link Durability#ASYNC} by default. */
    public Persistence durability(Durability durability) {
        this.durability = durability;
        return this;
    }

    /** Registers a handler whose tasks are not retried (one attempt, plus re-runs after a crash). */
    public Persistence handler(String name, DurableHandler handler) {
        return handler(name, handler, RetryPolicy.none());
    }

    /**
     * Registers a handler under a name that durable tasks give ({@link DurableTask#of}).
     *
     * @param name    non-blank, unique in this engine, stable across releases: stored tasks name it
     * @param handler not null
     * @param retry   the retry policy of its tasks; attempts count across restarts
     */
    public Persistence handler(String name, DurableHandler handler, RetryPolicy retry) {
        Validate.notBlank("handler name", name);
        Validate.notNull("handler", handler);
        Validate.notNull("retry", retry);
        if (handlers.containsKey(name)) {
            throw new IllegalArgumentException("handler name must be unique, '" + name + "' is registered twice");
        }
        handlers.put(name, new Handler(name, handler, retry));
        return this;
    }

    public Journal journal() {
        return journal;
    }

    public Durability durability() {
        return durability;
    }

    /** @return the registered handlers by name, in registration order. */
    public Map<String, Handler> handlers() {
        return Collections.unmodifiableMap(handlers);
    }

    /** Checks every value; called by {@link EngineBuilder#build()}. */
    public void check() {
        if (durability == null) {
            throw new IllegalArgumentException("durability must be one of ASYNC, SYNC, was null");
        }
    }
}
