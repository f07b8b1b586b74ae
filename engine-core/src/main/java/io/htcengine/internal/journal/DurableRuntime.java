package io.htcengine.internal.journal;

import io.htcengine.api.Durability;
import io.htcengine.api.DurableHandle;
import io.htcengine.api.DurableSession;
import io.htcengine.api.DurableTask;
import io.htcengine.api.DurableTasks;
import io.htcengine.api.Engine;
import io.htcengine.api.Persistence;
import io.htcengine.api.RetryPolicy;
import io.htcengine.api.SessionOptions;
import io.htcengine.api.SubmittedGraph;
import io.htcengine.api.TaskGraph;
import io.htcengine.api.TaskHandle;
import io.htcengine.api.TaskSpec;
import io.htcengine.api.TaskState;
import io.htcengine.internal.task.Task;
import io.htcengine.spi.Journal;
import io.htcengine.spi.JournalRecord;
import io.htcengine.spi.Recovery;
import io.htcengine.spi.TaskListener;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The engine side of persistence: the registry of durable handlers, durable submission (journal first, then the
 * lane), durable sessions, and recovery from what the journal held when the engine was built.
 *
 * <p>Durable tasks are ordinary engine tasks whose spec runs the registered handler and whose input is a
 * {@link DurableInput}; their transitions reach the journal through {@link JournalFeed} on the listener thread.
 *
 * <p>Threading: every public method from any thread. {@link #recover} and {@link #start} run once, on the thread
 * building the engine, before it is handed out.
 */
public final class DurableRuntime implements DurableTasks {
    private final Journal journal;
    private final Durability durability;
    private final Map<String, Registered> handlers = new HashMap<>();
    private final Recovery recovery;
    private final AtomicLong nextJobId;
    private final AtomicLong nextSessionId;
    private final JournalFeed feed;
    /** Unfinished durable sessions by store id. */
    private final ConcurrentHashMap<Long, DurableSessionImpl> sessions = new ConcurrentHashMap<>();
    /** Store session id by engine session id, until the session is done. */
    private final ConcurrentHashMap<Long, Long> byEngineSession = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<Long, DurableHandle> recoveredTasks = new ConcurrentHashMap<>();
    private final List<DurableSession> recoveredSessions = new ArrayList<>();
    private long recovered;
    private Engine engine;

    private DurableRuntime(Persistence p, Recovery recovery) {
        this.journal = p.journal();
        this.durability = p.durability();
        for (Persistence.Handler h : p.handlers().values()) {
            handlers.put(h.name(), new Registered(h));
        }
        this.recovery = recovery;
        this.nextJobId = new AtomicLong(recovery.maxJobId() + 1);
        this.nextSessionId = new AtomicLong(recovery.maxSessionId() + 1);
        this.feed = new JournalFeed(journal, this);
    }

    /**
     * Reads the journal's unfinished work, before the engine starts.
     *
     * @throws IllegalStateException if a stored task names a handler that is not registered
     */
    public static DurableRuntime recover(Persistence persistence) {
        persistence.check();
        Recovery recovery = persistence.journal().recover();
        Set<String> missing = new java.util.TreeSet<>();
        for (Recovery.Job job : recovery.jobs()) {
            if (!persistence.handlers().containsKey(job.handler())) {
                missing.add(job.handler());
            }
        }
        if (!missing.isEmpty()) {
            throw new IllegalStateException("the store holds unfinished tasks for handler(s) " + missing
                + " that are not registered; register them with Persistence.handler(name, handler) — registered: "
                + persistence.handlers().keySet());
        }
        return new DurableRuntime(persistence, recovery);
    }

    /** @return the listener that feeds the journal from the event ring. */
    public TaskListener feed() {
        return feed;
    }

    /** Hands the recovered work to the engine: sessions reopened, tasks queued again. @return this */
    public DurableTasks start(Engine engine) {
        this.engine = engine;
        long now = System.currentTimeMillis();
        for (Recovery.Session s : recovery.sessions()) {
            DurableSessionImpl ds = reopen(s.sessionId(), s.name(), s.tenant());
            recoveredSessions.add(ds);
        }
        Map<Long, Recovery.Job> live = new HashMap<>();
        for (Recovery.Job job : recovery.jobs()) {
            live.put(job.jobId(), job);
        }
        Set<Long> dropped = new HashSet<>();
        Map<Long, TaskGraph.Builder> graphs = new LinkedHashMap<>();
        Map<Long, List<Long>> graphJobs = new HashMap<>();
        Map<Long, Long> perSession = new HashMap<>();
        for (Recovery.Job job : recovery.jobs()) {
            long deadParent = 0;
            for (long p : job.parents()) {
                if (!live.containsKey(p) || dropped.contains(p)) {
                    deadParent = p;
                    break;
                }
            }
            if (deadParent != 0) { // its parent FAILED or was CANCELLED before the restart: it would have been cancelled
                journal.append(new JournalRecord.Transition(job.jobId(), job.state(), TaskState.CANCELLED,
                    job.attempts(), now, "ancestor job " + deadParent + " did not complete"));
                dropped.add(job.jobId());
                continue;
            }
            int base = job.attempts();
            if (job.state() == TaskState.RUNNING) {
                journal.append(new JournalRecord.Transition(job.jobId(), TaskState.RUNNING, TaskState.RETRY, base, now,
                    "the engine stopped during attempt " + base + "; it runs again"));
            }
            Registered reg = handlers.get(job.handler());
            // At least one more attempt after a restart: a crash alone never fails a task (at-least-once).
            int remaining = Math.max(1, reg.retry.maxAttempts() - base);
            DurableInput in = new DurableInput(job.jobId(), job.input(), job.checkpoint(), base, true);
            String[] parentKeys = new String[job.parents().length];
            for (int i = 0; i < parentKeys.length; i++) {
                parentKeys[i] = key(job.parents()[i]);
            }
            long owner = job.sessionId();
            if (owner != 0 && !sessions.containsKey(owner)) {
                reopen(owner, "session-" + owner, job.tenant()); // its session row was lost or finished early
            }
            graphs.computeIfAbsent(owner, o -> TaskGraph.builder())
                .add(key(job.jobId()), reg.spec(job.priority(), remaining, job.tenant()), in, parentKeys);
            graphJobs.computeIfAbsent(owner, o -> new ArrayList<>()).add(job.jobId());
            perSession.merge(owner, 1L, Long::sum);
            recovered++;
        }
        for (Map.Entry<Long, TaskGraph.Builder> e : graphs.entrySet()) {
            long owner = e.getKey();
            TaskGraph graph = e.getValue().build();
            SubmittedGraph submitted = owner == 0 ? engine.submit(graph) : sessions.get(owner).session().submit(graph);
            for (long jobId : graphJobs.get(owner)) {
                TaskHandle<byte[]> handle = submitted.task(key(jobId));
                recoveredTasks.put(jobId, new DurableHandle(jobId, handle));
                if (handle.state().isTerminal()) { // it may end before it is listed; the feed then missed it
                    recoveredTasks.remove(jobId);
                }
            }
            if (owner != 0) {
                sessions.get(owner).recovered(perSession.get(owner));
            }
        }
        for (Recovery.Session s : recovery.sessions()) {
            if (s.sealed()) {
                sessions.get(s.sessionId()).session().seal();
            }
        }
        return this;
    }

    private static String key(long jobId) {
        return "job-" + jobId;
    }

    private DurableSessionImpl reopen(long id, String name, String tenant) {
        DurableSessionImpl ds = new DurableSessionImpl(id, name, tenant,
            engine.openSession(SessionOptions.named(name)), this);
        byEngineSession.put(ds.session().id(), id);
        sessions.put(id, ds);
        return ds;
    }

    @Override
    public DurableHandle submit(DurableTask task) {
        return submit(task, null);
    }

    DurableHandle submit(DurableTask task, DurableSessionImpl session) {
        if (task == null) {
            throw new IllegalArgumentException("task must not be null");
        }
        Registered reg = handlers.get(task.handler());
        if (reg == null) {
            throw new IllegalArgumentException("handler must be one of the registered names " + handlers.keySet()
                + ", was '" + task.handler() + "'");
        }
        DurableHandle[] parents = task.parents();
        long[] parentIds = new long[parents.length];
        long engineSession = session == null ? 0 : session.session().id();
        for (int i = 0; i < parents.length; i++) {
            Object p = parents[i].task();
            if (!(p instanceof Task) || !(((Task) p).input() instanceof DurableInput)
                || ((DurableInput) ((Task) p).input()).jobId != parents[i].jobId()) {
                throw new IllegalArgumentException("parents[" + i + "] must be a durable task of this engine, was "
                    + parents[i]);
            }
            if (((Task) p).sessionId() != engineSession) {
                throw new IllegalArgumentException("parents[" + i + "] (job " + parents[i].jobId() + ") must be in the "
                    + "same session as the task: durable dependencies stay within one session");
            }
            parentIds[i] = parents[i].jobId();
        }
        if (engine.isShutdown()) {
            throw new RejectedExecutionException("the engine is shut down: no task is accepted after shutdown()");
        }
        long jobId = nextJobId.getAndIncrement();
        DurableInput in = new DurableInput(jobId, task.input(), null, 0, false);
        long sessionId = session == null ? 0 : session.id();
        // The one place a durable task's tenant is decided: its own, else its session's; its spec carries it to the
        // scheduler (quotas, fair share, metrics).
        String tenant = task.tenant() != null ? task.tenant() : session == null ? null : session.tenant();
        journalled(new JournalRecord.Submitted(jobId, sessionId, reg.name, task.name(), task.priority(), tenant,
            task.input(), parentIds, System.currentTimeMillis()));
        try {
            TaskSpec<DurableInput, byte[]> spec = reg.spec(task.priority(), reg.retry.maxAttempts(), tenant);
            TaskHandle<byte[]> handle;
            if (parents.length == 0) {
                handle = session == null ? engine.submit(spec, in) : session.session().submit(spec, in);
            } else {
                TaskGraph.Builder g = TaskGraph.builder();
                String[] keys = new String[parents.length];
                for (int i = 0; i < parents.length; i++) {
                    keys[i] = key(parentIds[i]);
                    g.external(keys[i], parents[i].task());
                }
                g.add(key(jobId), spec, in, keys);
                SubmittedGraph submitted = session == null ? engine.submit(g.build()) : session.session().submit(g.build());
                handle = submitted.task(key(jobId));
            }
            return new DurableHandle(jobId, handle);
        } catch (RuntimeException e) {
            // Journaled but refused by the engine: the store must not run it after a restart.
            journal.append(new JournalRecord.Transition(jobId, TaskState.SUBMITTED, TaskState.CANCELLED, 0,
                System.currentTimeMillis(), "not accepted: " + JournalFeed.describe(e)));
            throw e;
        }
    }

    /** Appends a record; in SYNC mode, returns once it is committed. */
    void journalled(JournalRecord record) {
        long seq = journal.append(record);
        if (durability == Durability.SYNC) {
            try {
                journal.awaitCommitted(seq);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new RejectedExecutionException("interrupted while waiting for the journal to commit " + record);
            }
        }
    }

    @Override
    public DurableSession openSession(String name, String tenant) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("name must be a non-blank string, was "
                + (name == null ? "null" : "'" + name + "'"));
        }
        if (tenant != null && tenant.isBlank()) {
            throw new IllegalArgumentException("tenant must be a non-blank string or null, was '" + tenant + "'");
        }
        if (engine.isShutdown()) {
            throw new RejectedExecutionException("the engine is shut down: no session is opened after shutdown()");
        }
        long id = nextSessionId.getAndIncrement();
        journalled(new JournalRecord.SessionOpened(id, name, tenant, System.currentTimeMillis()));
        return reopen(id, name, tenant);
    }

    @Override
    public Optional<DurableSession> session(long id) {
        return Optional.ofNullable(sessions.get(id));
    }

    @Override
    public Optional<DurableSession> sessionNamed(String name) {
        DurableSessionImpl best = null;
        for (DurableSessionImpl s : sessions.values()) {
            if (s.name().equals(name) && (best == null || s.id() > best.id())) {
                best = s;
            }
        }
        return Optional.ofNullable(best);
    }

    @Override
    public List<DurableSession> recoveredSessions() {
        return List.copyOf(recoveredSessions);
    }

    @Override
    public long recovered() {
        return recovered;
    }

    @Override
    public Optional<DurableHandle> recoveredTask(long jobId) {
        return Optional.ofNullable(recoveredTasks.get(jobId));
    }

    @Override
    public Durability durability() {
        return durability;
    }

    /** Listener thread: a recovered task ended. */
    void forgetRecovered(long jobId) {
        recoveredTasks.remove(jobId);
    }

    /** Listener thread: an engine session finished. @return its store id, or 0 if it is not durable */
    long sessionDone(long engineSessionId) {
        Long id = byEngineSession.remove(engineSessionId);
        if (id == null) {
            return 0;
        }
        sessions.remove(id);
        return id;
    }

    /** A registered handler, with its engine specs (one per priority; recovered tasks get one per attempts left). */
    private final class Registered {
        final String name;
        final io.htcengine.api.DurableHandler handler;
        final RetryPolicy retry;
        @SuppressWarnings("unchecked")
        final TaskSpec<DurableInput, byte[]>[] byPriority = new TaskSpec[TaskSpec.MAX_PRIORITY + 1];
        final Map<String, TaskSpec<DurableInput, byte[]>> resumed = new ConcurrentHashMap<>();

        Registered(Persistence.Handler h) {
            this.name = h.name();
            this.handler = h.handler();
            this.retry = h.retry();
            for (int p = TaskSpec.MIN_PRIORITY; p <= TaskSpec.MAX_PRIORITY; p++) {
                byPriority[p] = build(p, retry, TaskSpec.DEFAULT_TENANT);
            }
        }

        /** @param tenant null for the default tenant */
        TaskSpec<DurableInput, byte[]> spec(int priority, int attempts, String tenant) {
            boolean defaultTenant = tenant == null || tenant.equals(TaskSpec.DEFAULT_TENANT);
            if (attempts == retry.maxAttempts() && defaultTenant) {
                return byPriority[priority];
            }
            String t = defaultTenant ? TaskSpec.DEFAULT_TENANT : tenant;
            return resumed.computeIfAbsent(attempts + "/" + priority + "/" + t,
                k -> build(priority, attempts == retry.maxAttempts() ? retry : retry.withMaxAttempts(attempts), t));
        }

        private TaskSpec<DurableInput, byte[]> build(int priority, RetryPolicy policy, String tenant) {
            return TaskSpec.of((DurableInput in, io.htcengine.api.TaskContext ctx) ->
                    handler.handle(in.input, new DurableAttempt(in, ctx, journal)))
                .name(name).priority(priority).retry(policy).tenant(tenant).build();
        }
    }
}
