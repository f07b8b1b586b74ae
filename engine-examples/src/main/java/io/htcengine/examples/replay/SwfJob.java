package io.htcengine.examples.replay;

/**
 * One job of a Standard Workload Format trace, as the replay uses it. Immutable. Times are whole seconds, as SWF
 * writes them; -1 where the trace does not say.
 *
 * @param id         field 1, the job number
 * @param submitS    field 2, the submit time: when it arrives
 * @param runS       field 4, the run time: how long it runs once started
 * @param procs      the processors it requests: field 5 (allocated), or field 8 (requested) when field 5 is -1
 * @param estimateS  field 9 (requested time) when it is positive, else the run time: its runtime estimate
 * @param user       field 12, the user id: its tenant
 * @param line       the line of the file it was read from, for messages
 */
public record SwfJob(long id, long submitS, long runS, long procs, long estimateS, long user, int line) {
    /** @return the tenant name of its user: {@code user-<id>}, or {@code user-unknown} when field 12 is -1. */
    public String tenant() {
        return user < 0 ? "user-unknown" : "user-" + user;
    }
}
