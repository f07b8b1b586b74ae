package io.htcengine.internal.cluster;

import io.htcengine.api.TaskState;
import io.htcengine.internal.task.Task;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Ready tasks that could not be placed: one FIFO queue per shape (same request vector, node selector and tenant),
 * so that when capacity frees up only each shape's head is tried — if it does not fit, none of its shape does.
 * A task cancelled while parked is unlinked lazily, when it reaches its queue's head. Scheduler loop only.
 */
final class ParkedTasks {
    /** Why a shape's head could not be placed the last time it was tried. */
    enum Why { NO_ROOM, QUOTA, UNSCHEDULABLE }

    static final class Shape {
        final long[] request;
        final Map<String, String> selector;
        final TenantLedger tenant;
        Task head;
        Task tail;
        int count;
        Why why = Why.NO_ROOM;
        /** The reason the shape's tasks show, made once per shape and cause. */
        String reason;
        Why reasonWhy;

        Shape(long[] request, Map<String, String> selector, TenantLedger tenant) {
            this.request = request;
            this.selector = selector;
            this.tenant = tenant;
        }

        /** @return the first task still parked, unlinking cancelled ones before it; null when empty. */
        Task head() {
            while (head != null && !(head.parked && head.stateOrdinal() == TaskState.QUEUED.ordinal())) {
                Task next = head.nextParked;
                head.nextParked = null;
                head = next;
            }
            if (head == null) {
                tail = null;
            }
            return head;
        }

        void setReasonOfAll(String reason) {
            for (Task t = head; t != null; t = t.nextParked) {
                if (t.parked) {
                    t.setReason(reason);
                }
            }
        }

        Task pollHead() {
            Task t = head();
            if (t != null) {
                head = t.nextParked;
                t.nextParked = null;
                if (head == null) {
                    tail = null;
                }
                t.parked = false;
                count--;
            }
            return t;
        }
    }

    private record Key(long[] request, Map<String, String> selector, TenantLedger tenant) {
    }

    private final Map<Key, Shape> shapes = new HashMap<>();
    private final List<Shape> active = new ArrayList<>();
    private int parked;

    Shape park(Task t, Map<String, String> selector, TenantLedger tenant, Why why, long nowNs) {
        Key key = new Key(t.request, selector, tenant);
        Shape s = shapes.get(key);
        if (s == null) {
            s = new Shape(t.request, selector, tenant);
            shapes.put(key, s);
        }
        if (s.count == 0) {
            active.add(s);
        }
        s.why = why;
        t.parked = true;
        t.nextParked = null;
        if (s.tail == null) {
            s.head = t;
        } else {
            s.tail.nextParked = t;
        }
        s.tail = t;
        s.count++;
        parked++;
        return s;
    }

    /** A parked task ended (cancelled): it no longer counts; its link goes when it reaches the head. */
    void forget(Task t, Map<String, String> selector, TenantLedger tenant) {
        Shape s = shapes.get(new Key(t.request, selector, tenant));
        t.parked = false;
        s.count--;
        parked--;
        if (s.count == 0) {
            s.head = null;
            s.tail = null;
            active.remove(s);
        }
    }

    /** A shape's head was placed: it left its queue. */
    void placed(Shape s) {
        parked--;
        if (s.count == 0) {
            active.remove(s);
        }
    }

    /** @return the shapes with parked tasks, highest-priority head first, then the longest-waiting head. */
    List<Shape> byHeadRank() {
        List<Shape> out = new ArrayList<>(active.size());
        for (Shape s : active) {
            if (s.head() != null) {
                out.add(s);
            }
        }
        out.sort((a, b) -> {
            int byPriority = Integer.compare(b.head.priority(), a.head.priority());
            if (byPriority != 0) {
                return byPriority;
            }
            int byWait = Long.compare(a.head.readyNs, b.head.readyNs);
            return byWait != 0 ? byWait : Long.compare(a.head.id(), b.head.id());
        });
        return out;
    }

    List<Shape> active() {
        return active;
    }

    int size() {
        return parked;
    }
}
