package io.htcengine.examples.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.htcengine.api.TaskGraph;
import io.htcengine.api.TaskSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(10)
class WfFormatLoaderTest {
    static final String MONTAGE = "montage-chameleon-2mass-005d-001.json";
    static final String EPIGENOMICS = "epigenomics-chameleon-hep-1seq-100k-001.json";
    static final String FORK_JOIN = "helloworld-forkjoin-10-chameleon.json";

    /** @return a sample of src/test/resources/wfcommons (see the README.md there) as a file. */
    static Path sample(String name) {
        URL url = WfFormatLoaderTest.class.getResource("/wfcommons/" + name);
        assertNotNull(url, "missing test resource wfcommons/" + name);
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new AssertionError(e);
        }
    }

    /** The counts the data README states. */
    @ParameterizedTest
    @CsvSource({MONTAGE + ", montage, 58, 114", EPIGENOMICS + ", genome-dax-0, 41, 48", FORK_JOIN + ", , 10, 16"})
    void readsEverySampleWithTheCountsItsReadmeStates(String file, String name, int tasks, int edges) throws Exception {
        WfWorkflow workflow = WfFormatLoader.load(sample(file));

        assertEquals(tasks, workflow.tasks().size());
        assertEquals(edges, workflow.edgeCount());
        assertEquals(List.of(), workflow.notes(), "the samples' parents and children agree");
        assertTrue(workflow.source().endsWith(file), workflow.source());
        if (name != null) {
            assertEquals(name, workflow.name());
        }
    }

    /** Parents as loaded, against the file's own children lists and runtimes, read independently here. */
    @ParameterizedTest
    @CsvSource({MONTAGE, EPIGENOMICS, FORK_JOIN})
    void parentsAgreeWithTheFilesChildrenAndRuntimesAreRead(String file) throws Exception {
        WfWorkflow workflow = WfFormatLoader.load(sample(file));
        JsonNode root = new ObjectMapper().readTree(sample(file).toFile());

        Map<String, List<String>> children = workflow.childrenById();
        for (JsonNode task : root.path("workflow").path("specification").path("tasks")) {
            List<String> listed = new ArrayList<>();
            task.path("children").forEach(c -> listed.add(c.asText()));
            assertEquals(Set.copyOf(listed), Set.copyOf(children.get(task.path("id").asText())), task.path("id").asText());
        }
        Map<String, WfTask> byId = workflow.tasksById();
        for (JsonNode run : root.path("workflow").path("execution").path("tasks")) {
            WfTask task = byId.get(run.path("id").asText());
            assertEquals(run.path("runtimeInSeconds").doubleValue(), task.runtimeSeconds(), task.id());
            assertEquals(1, task.cores(), "no sample gives coreCount: the default is 1");
        }
        Set<String> seen = new HashSet<>();
        for (WfTask task : workflow.tasks()) {
            assertTrue(seen.containsAll(task.parents()), () -> task.id() + " comes before a parent");
            seen.add(task.id());
        }
    }

    @Test
    void readsMontageRuntimesAndMemory() throws Exception {
        WfWorkflow montage = WfFormatLoader.load(sample(MONTAGE));
        WfTask project = montage.tasksById().get("mProject_ID0000001");

        assertEquals(16.712, project.runtimeSeconds());
        assertEquals(1, project.cores());
        assertEquals(OptionalLong.of(14_800_000), project.memoryBytes());
        assertEquals(List.of(), project.parents());
        assertEquals(List.of("mDiffFit_ID0000005", "mDiffFit_ID0000006", "mDiffFit_ID0000007", "mBackground_ID0000013"),
            montage.childrenById().get("mProject_ID0000001"));
        assertEquals(21.385, montage.criticalPathSeconds(), 1e-9);
    }

    @Test
    void epigenomicsGivesNoMemory() throws Exception {
        WfWorkflow epigenomics = WfFormatLoader.load(sample(EPIGENOMICS));

        assertTrue(epigenomics.tasks().stream().allMatch(t -> t.memoryBytes().isEmpty()));
        WfTask chr21 = epigenomics.tasksById().get("chr21_chr21_ID0000001");
        assertEquals(2.774, chr21.runtimeSeconds());
        assertEquals(List.of("mapMerge_mapMerge_HEP2_MSP1_Digests_ID0000021"), chr21.parents());
        assertEquals(104.822, epigenomics.criticalPathSeconds(), 1e-9);
    }

    @Test
    void forkJoinCriticalPathIsForkOneBranchAndJoin() throws Exception {
        WfWorkflow forkJoin = WfFormatLoader.load(sample(FORK_JOIN));

        assertEquals(307.36, forkJoin.criticalPathSeconds(), 1e-9);
    }

    @Test
    void becomesAnEngineGraphKeyedByTaskId() throws Exception {
        WfWorkflow montage = WfFormatLoader.load(sample(MONTAGE));
        TaskSpec<WfTask, Void> spec = TaskSpec.of((WfTask task, io.htcengine.api.TaskContext ctx) -> (Void) null).build();

        TaskGraph graph = montage.toTaskGraph(spec);

        assertEquals(58, graph.size());
        Map<String, WfTask> byId = montage.tasksById();
        int edges = 0;
        for (int node = 0; node < graph.size(); node++) {
            WfTask task = byId.get(graph.key(node));
            assertEquals(task, graph.input(node));
            Set<String> parents = new HashSet<>();
            for (int parent : graph.parents(node)) {
                parents.add(graph.key(parent));
            }
            assertEquals(Set.copyOf(task.parents()), parents, task.id());
            edges += parents.size();
        }
        assertEquals(114, edges);
    }

    @Test
    void readsCoreCountAndKeepsTheFileOrderWhereItIsTopological() throws Exception {
        WfWorkflow workflow = WfFormatLoader.parse(document(
            tasks(task("b", "[\"a\"]", "[]"), task("a", "[]", "[\"b\"]"), task("c", "[]", "[]")),
            run("a", "\"runtimeInSeconds\": 2, \"coreCount\": 4, \"memoryInBytes\": 1024"),
            run("b", "\"runtimeInSeconds\": 0.5, \"coreCount\": 2.0"),
            run("c", "\"runtimeInSeconds\": 1, \"coreCount\": null")), "inline.json");

        assertEquals(List.of("a", "b", "c"), workflow.tasks().stream().map(WfTask::id).toList());
        WfTask a = workflow.tasksById().get("a");
        assertEquals(4, a.cores());
        assertEquals(OptionalLong.of(1024), a.memoryBytes());
        assertEquals(2, workflow.tasksById().get("b").cores());
        assertEquals(1, workflow.tasksById().get("c").cores());
        assertEquals("inline.json", workflow.name(), "no name in the file: named after its source");
    }

    @Test
    void aDependencyListedOnOneSideOnlyIsKeptWithANote() throws Exception {
        // b lists a as a parent, but a does not list b as a child; c is listed by a as a child, but lists no parent.
        WfWorkflow workflow = WfFormatLoader.parse(document(
            tasks(task("a", "[]", "[\"c\"]"), task("b", "[\"a\"]", "[]"), task("c", "[]", "[]")),
            run("a", "\"runtimeInSeconds\": 1"), run("b", "\"runtimeInSeconds\": 1"), run("c", "\"runtimeInSeconds\": 1")),
            "one-sided.json");

        assertEquals(2, workflow.edgeCount());
        assertEquals(List.of("a"), workflow.tasksById().get("b").parents());
        assertEquals(List.of("a"), workflow.tasksById().get("c").parents());
        assertEquals(List.of(
            "task 'a' lists child 'c', but 'c' does not list 'a' as a parent; the dependency a -> c is kept",
            "task 'b' lists parent 'a', but 'a' does not list 'b' as a child; the dependency a -> b is kept"),
            workflow.notes());
    }

    @Test
    void errorsNameTheFileAndTheTask() {
        String twoTasks = tasks(task("a", "[]", "[\"b\"]"), task("b", "[\"a\"]", "[]"));

        assertError("bad.json: task 'b': workflow.execution.tasks[1] has no runtimeInSeconds", "b",
            twoTasks, run("a", "\"runtimeInSeconds\": 1"), run("b", "\"memoryInBytes\": 5"));
        assertError("bad.json: task 'b': unknown parent 'x': no task of workflow.specification.tasks has that id", "b",
            tasks(task("a", "[]", "[\"b\"]"), task("b", "[\"a\", \"x\"]", "[]")),
            run("a", "\"runtimeInSeconds\": 1"), run("b", "\"runtimeInSeconds\": 1"));
        assertError("bad.json: task 'a': unknown child 'y'", "a",
            tasks(task("a", "[]", "[\"b\", \"y\"]"), task("b", "[\"a\"]", "[]")),
            run("a", "\"runtimeInSeconds\": 1"), run("b", "\"runtimeInSeconds\": 1"));
        assertError("bad.json: task 'b': in workflow.specification.tasks but no entry in workflow.execution.tasks", "b",
            twoTasks, run("a", "\"runtimeInSeconds\": 1"));
        assertError("bad.json: task 'z': execution data at workflow.execution.tasks[2], but not in "
            + "workflow.specification.tasks", "z",
            twoTasks, run("a", "\"runtimeInSeconds\": 1"), run("b", "\"runtimeInSeconds\": 1"), run("z", "\"runtimeInSeconds\": 1"));
        assertError("bad.json: task 'a': workflow.execution.tasks[0].runtimeInSeconds must be a number of seconds, zero "
            + "or more, was -1", "a",
            twoTasks, run("a", "\"runtimeInSeconds\": -1"), run("b", "\"runtimeInSeconds\": 1"));
        assertError("bad.json: task 'a': workflow.execution.tasks[0].coreCount must be a whole number from 1", "a",
            twoTasks, run("a", "\"runtimeInSeconds\": 1, \"coreCount\": 1.5"), run("b", "\"runtimeInSeconds\": 1"));
        assertError("bad.json: task 'b': workflow.specification.tasks[1] has no 'parents' list", "b",
            tasks(task("a", "[]", "[]"), "{\"id\": \"b\", \"children\": []}"), run("a", "\"runtimeInSeconds\": 1"));
        assertError("bad.json: workflow.specification.tasks[1] has no 'id'", null,
            tasks(task("a", "[]", "[]"), "{\"parents\": [], \"children\": []}"), run("a", "\"runtimeInSeconds\": 1"));
        assertError("bad.json: task 'a': listed twice in workflow.specification.tasks (again at index 1)", "a",
            tasks(task("a", "[]", "[]"), task("a", "[]", "[]")), run("a", "\"runtimeInSeconds\": 1"));
        assertError("bad.json: task 'a': lists itself as a parent", "a",
            tasks(task("a", "[\"a\"]", "[\"a\"]")), run("a", "\"runtimeInSeconds\": 1"));
    }

    @Test
    void aCycleIsRejectedWithItsTasksInOrder() {
        WfFormatException e = assertThrows(WfFormatException.class, () -> WfFormatLoader.parse(document(
            tasks(task("a", "[\"c\"]", "[\"b\"]"), task("b", "[\"a\"]", "[\"c\"]"), task("c", "[\"b\"]", "[\"a\"]"),
            task("d", "[]", "[]")),
            run("a", "\"runtimeInSeconds\": 1"), run("b", "\"runtimeInSeconds\": 1"), run("c", "\"runtimeInSeconds\": 1"),
            run("d", "\"runtimeInSeconds\": 1")), "cycle.json"));

        assertEquals("cycle.json: task 'a': on a dependency cycle: a -> b -> c -> a", e.getMessage());
    }

    @Test
    void notJsonOrNotWfFormat15IsRejectedNamingTheFile() {
        WfFormatException notJson = assertThrows(WfFormatException.class,
            () -> WfFormatLoader.parse("{\"workflow\": ", "broken.json"));
        assertTrue(notJson.getMessage().startsWith("broken.json: not valid JSON: "), notJson.getMessage());
        assertTrue(notJson.getMessage().contains("(line 1, column "), notJson.getMessage());

        WfFormatException old = assertThrows(WfFormatException.class,
            () -> WfFormatLoader.parse("{\"schemaVersion\": \"1.4\", \"workflow\": {\"tasks\": []}}", "old.json"));
        assertEquals("old.json: has no workflow.specification and workflow.execution objects: WfFormat 1.5 or later is "
            + "needed (schemaVersion is \"1.4\")", old.getMessage());

        WfFormatException duplicateKey = assertThrows(WfFormatException.class,
            () -> WfFormatLoader.parse("{\"workflow\": {}, \"workflow\": {}}", "dup.json"));
        assertTrue(duplicateKey.getMessage().contains("Duplicate field 'workflow'"), duplicateKey.getMessage());
    }

    @Test
    void loadsFromAStream() throws IOException {
        try (InputStream in = WfFormatLoaderTest.class.getResourceAsStream("/wfcommons/" + FORK_JOIN)) {
            assertEquals(10, WfFormatLoader.load(in, FORK_JOIN).tasks().size());
        }
    }

    private static void assertError(String expectedStart, String taskId, String specTasks, String... runs) {
        WfFormatException e = assertThrows(WfFormatException.class,
            () -> WfFormatLoader.parse(document(specTasks, runs), "bad.json"));
        assertTrue(e.getMessage().startsWith(expectedStart), () -> "expected '" + expectedStart + "…', was: "
            + e.getMessage());
        assertEquals("bad.json", e.source());
        assertEquals(taskId, e.taskId());
    }

    /** @return the specification tasks joined into a JSON array, for {@link #document}. */
    static String tasks(String... specTasks) {
        return "[" + String.join(", ", specTasks) + "]";
    }

    /** @return a minimal WfFormat 1.5 document. */
    static String document(String specTasks, String... runs) {
        return "{\"schemaVersion\": \"1.5\", \"workflow\": {\"specification\": {\"tasks\": " + specTasks + "}, "
            + "\"execution\": {\"tasks\": [" + String.join(", ", runs) + "]}}}";
    }

    static String task(String id, String parents, String children) {
        return "{\"id\": \"" + id + "\", \"parents\": " + parents + ", \"children\": " + children + "}";
    }

    static String run(String id, String fields) {
        return "{\"id\": \"" + id + "\", " + fields + "}";
    }
}
