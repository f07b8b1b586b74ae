/**
 * Real workflow DAGs on the engine: a loader for WfCommons WfFormat instances (the JSON format the
 * workflow-research community publishes its traces in) and {@code ./htc montage}, which replays one as a
 * {@link io.htcengine.api.TaskGraph} in one session, each task sleeping its recorded runtime scaled down.
 *
 * <ul>
 *   <li>{@link io.htcengine.examples.workflow.WfFormatLoader} reads and validates a file into a
 *       {@link io.htcengine.examples.workflow.WfWorkflow} of {@link io.htcengine.examples.workflow.WfTask}s
 *       (immutable records); errors are {@link io.htcengine.examples.workflow.WfFormatException}s naming the file
 *       and the task.</li>
 *   <li>{@link io.htcengine.examples.workflow.WfWorkflow#toTaskGraph} turns it into an engine graph, keyed by
 *       the WfCommons task ids; {@link io.htcengine.examples.workflow.WfWorkflow#bottomLevels} gives critical
 *       paths.</li>
 *   <li>{@link io.htcengine.examples.workflow.WorkflowRunner} runs it on a real engine and measures it;
 *       {@link io.htcengine.examples.workflow.WorkflowRunCommand} is the command line.</li>
 * </ul>
 *
 * <p>The bundled sample, and the test data, come from wfcommons/WfInstances (LGPL-3.0); the README.md beside
 * them says which and where from.
 */
package io.htcengine.examples.workflow;
