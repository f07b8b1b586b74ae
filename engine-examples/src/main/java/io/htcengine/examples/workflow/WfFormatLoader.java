package io.htcengine.examples.workflow;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.PriorityQueue;
import java.util.Set;

/**
 * Reads a WfCommons WfFormat 1.5 file into a {@link WfWorkflow}, checking everything the engine and the replay
 * rely on. What it reads:
 * <ul>
 *   <li>the DAG from {@code workflow.specification.tasks[]}: {@code id}, {@code parents}, {@code children}
 *       (all required);</li>
 *   <li>each task's measurements from {@code workflow.execution.tasks[]}, matched by {@code id}:
 *       {@code runtimeInSeconds} (required), {@code coreCount} (optional, 1 when absent), {@code memoryInBytes}
 *       (optional, unknown when absent). Other fields (files, commands, machines) are ignored.</li>
 * </ul>
 * It rejects, with a {@link WfFormatException} naming the file and the task: invalid JSON, a file without
 * {@code workflow.specification} and {@code workflow.execution} (WfFormat before 1.5), a missing or ill-typed
 * field, a duplicate id, a parent or child id that is not a task, a task listing itself, a specification task
 * without execution data or execution data for no such task, and a dependency cycle.
 *
 * <p><b>Parents and children that disagree.</b> WfFormat states every dependency twice: B lists A among its
 * {@code parents} and A lists B among its {@code children}. When only one side says it, the loader keeps the
 * dependency (the DAG is the union of both lists) and adds a sentence to {@link WfWorkflow#notes()}. Why not
 * reject: either side alone is the file's author declaring an order, and dropping it could run a task before the
 * one producing its input, while refusing the file would make a redundant, derivable list fatal. An unknown id on
 * either side is still an error: that is a broken reference, not a disagreement. A parent or child listed twice
 * counts once, with a note.
 *
 * <p>Threading: stateless; every method may be called from any thread.
 */
public final class WfFormatLoader {
    private static final ObjectMapper JSON = JsonMapper.builder()
        .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
        .build();
    private static final String SPEC_TASKS = "workflow.specification.tasks";
    private static final String EXEC_TASKS = "workflow.execution.tasks";

    private final String source;
    private final List<String> notes = new ArrayList<>();

    private WfFormatLoader(String source) {
        this.source = source;
    }

    /** Reads a WfFormat file; errors name it by {@code file}'s path. */
    public static WfWorkflow load(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return load(in, file.toString());
        }
    }

    /**
     * Reads a WfFormat document from a stream, which it does not close.
     *
     * @param source what to call it in messages, e.g. a file or resource name
     */
    public static WfWorkflow load(InputStream in, String source) throws IOException {
        JsonNode root;
        try {
            root = JSON.readTree(in);
        } catch (JacksonException e) {
            throw notJson(source, e);
        }
        return new WfFormatLoader(source).read(root);
    }

    /** Reads a WfFormat document held in a string (tests, small inline workflows). */
    public static WfWorkflow parse(String json, String source) throws WfFormatException {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JacksonException e) {
            throw notJson(source, e);
        }
        return new WfFormatLoader(source).read(root);
    }

    private static WfFormatException notJson(String source, JacksonException e) {
        JsonLocation at = e.getLocation();
        String where = at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")";
        return new WfFormatException(source, null, "not valid JSON: " + e.getOriginalMessage() + where, e);
    }

    private WfWorkflow read(JsonNode root) throws WfFormatException {
        if (root == null || !root.isObject()) {
            throw fail(null, "not a WfFormat document: the top level must be a JSON object");
        }
        JsonNode workflow = root.path("workflow");
        if (!workflow.isObject()) {
            throw fail(null, "not a WfFormat document: it has no 'workflow' object");
        }
        if (!workflow.path("specification").isObject() || !workflow.path("execution").isObject()) {
            JsonNode version = root.path("schemaVersion");
            throw fail(null, "has no workflow.specification and workflow.execution objects: WfFormat 1.5 or later "
                + "is needed (schemaVersion is " + (version.isMissingNode() ? "not given" : version.toString()) + ")");
        }
        Map<String, SpecTask> spec = readSpecification(array(workflow.path("specification").path("tasks"), SPEC_TASKS));
        Map<String, Execution> execution = readExecution(array(workflow.path("execution").path("tasks"), EXEC_TASKS),
            spec.keySet());
        List<WfTask> tasks = new ArrayList<>();
        Map<String, Set<String>> parents = dependencies(spec);
        for (SpecTask task : spec.values()) {
            Execution run = execution.get(task.id);
            if (run == null) {
                throw fail(task.id, "in " + SPEC_TASKS + " but no entry in " + EXEC_TASKS
                    + ", so its runtime is unknown");
            }
            tasks.add(new WfTask(task.id, List.copyOf(parents.get(task.id)), run.runtimeSeconds, run.cores,
                run.memoryBytes));
        }
        JsonNode name = root.path("name");
        return new WfWorkflow(name.isTextual() && !name.asText().isBlank() ? name.asText() : source, source,
            topologicalOrder(tasks), notes);
    }

    /** A task as the specification states it: id and both sides of its dependencies, as listed. */
    private record SpecTask(String id, List<String> parents, List<String> children) {
    }

    /** What the execution section recorded of a task. */
    private record Execution(double runtimeSeconds, int cores, OptionalLong memoryBytes) {
    }

    private Map<String, SpecTask> readSpecification(JsonNode tasks) throws WfFormatException {
        if (tasks.isEmpty()) {
            throw fail(null, SPEC_TASKS + " is empty: a workflow needs at least one task");
        }
        Map<String, SpecTask> byId = new LinkedHashMap<>();
        for (int i = 0; i < tasks.size(); i++) {
            JsonNode task = tasks.get(i);
            String where = SPEC_TASKS + "[" + i + "]";
            String id = id(task, where);
            SpecTask read = new SpecTask(id, ids(task, "parents", id, where), ids(task, "children", id, where));
            if (byId.put(id, read) != null) {
                throw fail(id, "listed twice in " + SPEC_TASKS + " (again at index " + i + ")");
            }
        }
        return byId;
    }

    private Map<String, Execution> readExecution(JsonNode tasks, Set<String> specIds) throws WfFormatException {
        Map<String, Execution> byId = new HashMap<>();
        for (int i = 0; i < tasks.size(); i++) {
            JsonNode task = tasks.get(i);
            String where = EXEC_TASKS + "[" + i + "]";
            String id = id(task, where);
            if (!specIds.contains(id)) {
                throw fail(id, "execution data at " + where + ", but not in " + SPEC_TASKS);
            }
            JsonNode runtime = task.path("runtimeInSeconds");
            if (runtime.isMissingNode() || runtime.isNull()) {
                throw fail(id, where + " has no runtimeInSeconds (required: the task's recorded runtime)");
            }
            if (!runtime.isNumber() || !(runtime.doubleValue() >= 0) || Double.isInfinite(runtime.doubleValue())) {
                throw fail(id, where + ".runtimeInSeconds must be a number of seconds, zero or more, was " + runtime);
            }
            OptionalLong cores = wholeNumber(task, "coreCount", id, where, 1, Integer.MAX_VALUE);
            OptionalLong memory = wholeNumber(task, "memoryInBytes", id, where, 0, Long.MAX_VALUE);
            Execution read = new Execution(runtime.doubleValue(), (int) cores.orElse(1), memory);
            if (byId.put(id, read) != null) {
                throw fail(id, "listed twice in " + EXEC_TASKS + " (again at index " + i + ")");
            }
        }
        return byId;
    }

    /**
     * @return each task's parents: those it lists, then those that list it as a child without being listed back
     * (the union; see the class comment), with a note for every dependency only one side states
     */
    private Map<String, Set<String>> dependencies(Map<String, SpecTask> spec) throws WfFormatException {
        Map<String, Set<String>> parents = new LinkedHashMap<>();
        Map<String, Set<String>> children = new HashMap<>();
        for (SpecTask task : spec.values()) {
            parents.put(task.id, listed(spec, task.id, task.parents, "parent"));
            children.put(task.id, listed(spec, task.id, task.children, "child"));
        }
        for (SpecTask task : spec.values()) {
            for (String parent : parents.get(task.id)) {
                if (!children.get(parent).contains(task.id)) {
                    notes.add(oneSided(task.id, "parent", parent, "child"));
                }
            }
            for (String child : children.get(task.id)) {
                if (!parents.get(child).contains(task.id)) {
                    notes.add(oneSided(task.id, "child", child, "parent"));
                }
            }
        }
        for (SpecTask task : spec.values()) {
            for (String child : children.get(task.id)) {
                parents.get(child).add(task.id);
            }
        }
        return parents;
    }

    private static String oneSided(String id, String role, String other, String otherRole) {
        String edge = role.equals("parent") ? other + " -> " + id : id + " -> " + other;
        return "task '" + id + "' lists " + role + " '" + other + "', but '" + other + "' does not list '" + id
            + "' as a " + otherRole + "; the dependency " + edge + " is kept";
    }

    /** @return the ids of a parents or children list, each once, after checking each is another task's. */
    private Set<String> listed(Map<String, SpecTask> spec, String id, List<String> ids, String role)
        throws WfFormatException {
        Set<String> set = new LinkedHashSet<>();
        for (String other : ids) {
            check(spec, id, other, role);
            if (!set.add(other)) {
                notes.add("task '" + id + "' lists " + role + " '" + other + "' more than once; counted once");
            }
        }
        return set;
    }

    private void check(Map<String, SpecTask> spec, String id, String other, String role) throws WfFormatException {
        if (other.equals(id)) {
            throw fail(id, "lists itself as a " + role);
        }
        if (!spec.containsKey(other)) {
            throw fail(id, "unknown " + role + " '" + other + "': no task of " + SPEC_TASKS + " has that id");
        }
    }

    /**
     * Kahn's algorithm taking, among the ready tasks, the earliest in the file: a stable order, so a file already
     * in topological order keeps its order.
     *
     * @throws WfFormatException naming the tasks of a cycle, in order
     */
    private List<WfTask> topologicalOrder(List<WfTask> tasks) throws WfFormatException {
        Map<String, Integer> position = new HashMap<>();
        for (int i = 0; i < tasks.size(); i++) {
            position.put(tasks.get(i).id(), i);
        }
        int[] waitingFor = new int[tasks.size()];
        List<List<Integer>> children = new ArrayList<>();
        tasks.forEach(t -> children.add(new ArrayList<>()));
        PriorityQueue<Integer> ready = new PriorityQueue<>();
        for (int i = 0; i < tasks.size(); i++) {
            waitingFor[i] = tasks.get(i).parents().size();
            for (String parent : tasks.get(i).parents()) {
                children.get(position.get(parent)).add(i);
            }
            if (waitingFor[i] == 0) {
                ready.add(i);
            }
        }
        List<WfTask> ordered = new ArrayList<>(tasks.size());
        while (!ready.isEmpty()) {
            int next = ready.poll();
            ordered.add(tasks.get(next));
            for (int child : children.get(next)) {
                if (--waitingFor[child] == 0) {
                    ready.add(child);
                }
            }
        }
        if (ordered.size() < tasks.size()) {
            throw cycle(tasks, position, waitingFor);
        }
        return ordered;
    }

    /**
     * Walks up from a task left waiting through parents also left waiting until one repeats: that is a cycle
     * (a task left waiting always has such a parent). It is named from its task that comes first in the file.
     */
    private WfFormatException cycle(List<WfTask> tasks, Map<String, Integer> position, int[] waitingFor) {
        int at = 0;
        while (waitingFor[at] == 0) {
            at++;
        }
        Deque<String> path = new ArrayDeque<>();
        Set<String> seen = new HashSet<>();
        String id = tasks.get(at).id();
        while (seen.add(id)) {
            path.addLast(id);
            id = tasks.get(position.get(id)).parents().stream().filter(p -> waitingFor[position.get(p)] > 0)
                .findFirst().orElseThrow();
        }
        List<String> loop = new ArrayList<>(path);
        loop = new ArrayList<>(loop.subList(loop.indexOf(id), loop.size()));
        Collections.reverse(loop); // walked child to parent; print parent to child
        int first = loop.indexOf(loop.stream().min(Comparator.comparing(position::get)).orElseThrow());
        Collections.rotate(loop, -first); // start at the task that comes first in the file
        loop.add(loop.get(0));
        return fail(loop.get(0), "on a dependency cycle: " + String.join(" -> ", loop));
    }

    private JsonNode array(JsonNode node, String where) throws WfFormatException {
        if (!node.isArray()) {
            throw fail(null, "has no " + where + " array" + (node.isMissingNode() ? "" : " (it is " + node.getNodeType()
                + ")"));
        }
        return node;
    }

    private String id(JsonNode task, String where) throws WfFormatException {
        if (!task.isObject()) {
            throw fail(null, where + " must be an object, was " + task.getNodeType());
        }
        JsonNode id = task.path("id");
        if (!id.isTextual() || id.asText().isBlank()) {
            throw fail(null, where + (id.isMissingNode() ? " has no 'id'" : ".id must be a non-blank string, was " + id));
        }
        return id.asText();
    }

    private List<String> ids(JsonNode task, String field, String id, String where) throws WfFormatException {
        JsonNode list = task.path(field);
        if (!list.isArray()) {
            throw fail(id, where + (list.isMissingNode() ? " has no '" + field + "' list (required, may be empty)"
                : "." + field + " must be a list of task ids, was " + list));
        }
        List<String> ids = new ArrayList<>();
        for (JsonNode element : list) {
            if (!element.isTextual()) {
                throw fail(id, where + "." + field + " must hold task ids (strings), but holds " + element);
            }
            ids.add(element.asText());
        }
        return ids;
    }

    /** An optional whole-number field (a decimal such as 4.0 counts; 4.5 does not); null counts as absent. */
    private OptionalLong wholeNumber(JsonNode task, String field, String id, String where, long min, long max)
        throws WfFormatException {
        JsonNode node = task.path(field);
        if (node.isMissingNode() || node.isNull()) {
            return OptionalLong.empty();
        }
        BigDecimal value = node.isNumber() ? node.decimalValue() : null;
        boolean whole = value != null && value.stripTrailingZeros().scale() <= 0;
        if (!whole || value.compareTo(BigDecimal.valueOf(min)) < 0 || value.compareTo(BigDecimal.valueOf(max)) > 0) {
            throw fail(id, where + "." + field + " must be a whole number from " + min + " to " + max + ", was " + node);
        }
        return OptionalLong.of(value.longValueExact());
    }

    private WfFormatException fail(String taskId, String message) {
        return new WfFormatException(source, taskId, taskId == null ? message : "task '" + taskId + "': " + message,
            null);
    }
}
