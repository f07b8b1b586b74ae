package io.htcengine.sqlite;

import java.util.List;
import java.util.OptionalLong;

/**
 * One page of a job listing, newest first.
 *
 * @param jobs       at most the query's limit
 * @param nextCursor pass to {@link JobQuery#after(long)} for the next page; empty on the last page
 */
public record JobPage(List<JobRecord> jobs, OptionalLong nextCursor) {
}
