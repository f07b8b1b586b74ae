package io.htcengine.internal.loop;

import io.htcengine.api.BackpressureMode;
import io.htcengine.api.FailurePolicy;
import io.htcengine.api.TaskGraph;
import io.htcengine.api.TaskSpec;
import io.htcengine.internal.task.TaskOwner;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the submitting thread tells the loop about a graph it makes a chunk at a time: the graph with its first
 * chunk, then each further chunk; and, when making a task fails part-way, where the graph ends, which ids will never
 * be tasks, and how many were accepted.
 */
class GraphSubmitChunksTest {
    private static final int CHUNK = 1024;

    /** An owner whose failure policy (asked once per task made) throws the given error from the given call on. */
    private static TaskOwner failingAt(int call, Error error) {
        int[] calls = {0};
        return new StubOwner(() -> {
            if (++calls[0] >= call) {
                throw error;
            }
            return FailurePolicy.CANCEL_DESCENDANTS;
        });
    }

    private static TaskGraph chain(int n) {
        TaskSpec<Object, Object> spec = TaskSpec.of((Object in, io.htcengine.api.TaskContext c) -> in).build();
        TaskGraph.Builder b = TaskGraph.builder();
        for (int i = 0; i < n; i++) {
            b.add(spec, null, i == 0 ? new int[0] : new int[] {i - 1});
        }
        return b.build();
    }

    private static List<Command> commands(Inbox inbox) {
        List<Command> out = new ArrayList<>();
        for (Command c; (c = inbox.pollCommand()) != null; ) {
            out.add(c);
        }
        return out;
    }

    @Test
    void aLargeGraphReachesTheLoopAChunkAtATime() {
        Inbox inbox = new Inbox(16, 1, System::nanoTime, BackpressureMode.BLOCK, true);
        int n = 2 * CHUNK + 5;
        List<Command> sent = new ArrayList<>();
        inbox.submitGraph(chain(n), failingAt(Integer.MAX_VALUE, null), made -> {
            throw new AssertionError("nothing failed");
        });
        sent.addAll(commands(inbox));
        assertEquals(3, sent.size(), sent.toString());
        Command.SubmitGraph first = (Command.SubmitGraph) sent.get(0);
        assertEquals(CHUNK, first.made());
        assertEquals(new Command.GraphTasksMade(first.graph(), 2 * CHUNK, false), sent.get(1));
        assertEquals(new Command.GraphTasksMade(first.graph(), n, false), sent.get(2));
        assertEquals(n, inbox.notYetAdmitted());
    }

    @Test
    void aGraphWhoseMakingFailsPartWayEndsWithWhatTheLoopWasGiven() {
        Inbox inbox = new Inbox(16, 1, System::nanoTime, BackpressureMode.BLOCK, true);
        int n = 3 * CHUNK;
        OutOfMemoryError oom = new OutOfMemoryError("test");
        int[] accepted = {-1};
        OutOfMemoryError thrown = assertThrows(OutOfMemoryError.class,
            () -> inbox.submitGraph(chain(n), failingAt(CHUNK + 100, oom), made -> accepted[0] = made));
        assertSame(oom, thrown, "the error propagates");
        assertEquals(CHUNK, accepted[0], "the first chunk was given to the loop: accepted");
        List<Command> sent = commands(inbox);
        assertEquals(3, sent.size(), sent.toString());
        Command.SubmitGraph first = (Command.SubmitGraph) sent.get(0);
        assertEquals(CHUNK, first.made());
        assertEquals(new Command.GraphTasksMade(first.graph(), CHUNK, true), sent.get(1), "the graph ends there");
        Command.NeverAccepted never = (Command.NeverAccepted) sent.get(2);
        assertEquals(first.graph().tasks[CHUNK - 1].id() + 1, never.firstId());
        assertEquals(n - CHUNK, never.count(), "the rest of the ids will never be tasks");
        assertEquals(CHUNK, inbox.notYetAdmitted(), "only the accepted tasks wait for admission");
    }

    @Test
    void aGraphWhoseFirstTaskFailsIsNotAcceptedAtAll() {
        Inbox inbox = new Inbox(16, 1, System::nanoTime, BackpressureMode.BLOCK, true);
        int[] accepted = {-1};
        assertThrows(OutOfMemoryError.class,
            () -> inbox.submitGraph(chain(10), failingAt(1, new OutOfMemoryError("test")), made -> accepted[0] = made));
        assertEquals(0, accepted[0]);
        List<Command> sent = commands(inbox);
        assertEquals(1, sent.size(), sent.toString());
        assertTrue(sent.get(0) instanceof Command.NeverAccepted, "the loop never hears of the graph: " + sent);
        assertEquals(0, inbox.notYetAdmitted());
    }
}
