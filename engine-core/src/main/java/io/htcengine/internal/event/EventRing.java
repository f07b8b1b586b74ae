package io.htcengine.internal.event;

import java.util.concurrent.atomic.AtomicLong;

/**
 * A bounded single-producer, single-consumer ring of preallocated {@link EventSlot}s, so publishing an event
 * allocates nothing. The scheduler loop {@linkplain #claim() claims} a slot, fills it and
 * {@linkplain #publish() publishes} it; the listener thread {@linkplain #poll() reads} slots in order and
 * {@linkplain #release() releases} them.
 *
 * <p>Memory ordering: {@code tail} is written with a volatile store after the slot's fields (see {@link #publish()});
 * the consumer reads it with a volatile load before the slot. {@code head} is written with a release store and read
 * with a volatile load in the other direction (the producer never sleeps waiting for it).
 */
public final class EventRing {
    private final EventSlot[] slots;
    private final int mask;
    private final AtomicLong head = new AtomicLong(); // next slot to consume
    private final AtomicLong tail = new AtomicLong(); // next slot to produce
    private long producerTail;   // producer only
    private long cachedHead;     // producer only
    private long consumerHead;   // consumer only
    private long cachedTail;     // consumer only

    public EventRing(int capacity) {
        if (capacity < 2 || Integer.bitCount(capacity) != 1) {
            throw new IllegalArgumentException("event ring capacity must be a power of two >= 2, was " + capacity);
        }
        slots = new EventSlot[capacity];
        for (int i = 0; i < capacity; i++) {
            slots[i] = new EventSlot();
        }
        mask = capacity - 1;
    }

    /** Producer. @return the next free slot, or null when the ring is full. */
    public EventSlot claim() {
        if (producerTail - cachedHead > mask) {
            cachedHead = head.get();
            if (producerTail - cachedHead > mask) {
                return null;
            }
        }
        return slots[(int) (producerTail & mask)];
    }

    /**
     * Producer: makes the slot returned by the last {@link #claim()} visible to the consumer. A volatile store, not a
     * release store: the producer looks at the consumer's sleep flag next ({@code Wakeup.wake}), and a release store
     * could still sit in its store buffer when it looks — the consumer, raising its flag meanwhile, would see an
     * empty ring and park, and the producer would not unpark it (the event then waited out the consumer's park).
     */
    public void publish() {
        producerTail++;
        tail.set(producerTail);
    }

    /** Consumer. @return the next published slot, or null. Follow with {@link #release()} once read. */
    public EventSlot poll() {
        if (consumerHead >= cachedTail) {
            cachedTail = tail.get();
            if (consumerHead >= cachedTail) {
                return null;
            }
        }
        return slots[(int) (consumerHead & mask)];
    }

    /** Consumer: clears and frees the slot returned by the last {@link #poll()}. */
    public void release() {
        slots[(int) (consumerHead & mask)].clear();
        consumerHead++;
        head.lazySet(consumerHead);
    }

    /** Any thread. @return whether every published slot has been consumed. */
    public boolean isEmpty() {
        return head.get() == tail.get();
    }
}
