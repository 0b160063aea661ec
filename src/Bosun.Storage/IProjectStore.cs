namespace Bosun.Storage;

/// <summary>Reads of projects, services, their files (the resource store) and sequence contexts.</summary>
public interface IProjectStore
{
    Task<Page<ProjectRecord>> ListProjectsAsync(int offset, int pageSize, CancellationToken cancellationToken = default);

    Task<ProjectRecord?> GetProjectAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>A project setting, or null when it was never set.</summary>
    Task<string?> GetProjectSettingAsync(string project, string name, CancellationToken cancellationToken = default);

    /// <summary>Services of one project (or of all), by project, stage and name.</summary>
    Task<IReadOnlyList<ServiceRecord>> ListServicesAsync(string? project = null, CancellationToken cancellationToken = default);

    /// <summary>The newest version of a file (or the given one); null when absent or deleted.</summary>
    Task<ResourceRecord?> GetResourceAsync(string project, string stage, string service, string uri, long? version = null, CancellationToken cancellationToken = default);

    /// <summary>The newest version of every file at one level, by URI.</summary>
    Task<Page<ResourceRecord>> ListResourcesAsync(string project, string stage, string service, int offset, int pageSize, CancellationToken cancellationToken = default);

    Task<bool> ContextExistsAsync(string project, string keptnContext, CancellationToken cancellationToken = default);

    /// <summary>The contexts of a project, newest first, each with its executions (the sequence-state view).</summary>
    Task<Page<ContextRecord>> QueryContextsAsync(ContextQuery query, CancellationToken cancellationToken = default);

    /// <summary>The sequence executions of a project, newest first (Keptn's sequence-execution collection).</summary>
    Task<Page<Core.Sequences.SequenceExecution>> QuerySequencesAsync(SequenceQuery query, CancellationToken cancellationToken = default);

    /// <summary>
    /// The newest execution of each stage and service of a project (in <paramref name="state"/> and with one of
    /// <paramref name="results"/>, when given): one query for a whole environment.
    /// </summary>
    Task<IReadOnlyList<Core.Sequences.SequenceExecution>> LatestSequencesAsync(string project, string? state = null, IReadOnlyList<string>? results = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// The facts of a project's executions the DORA figures read (<see cref="SequenceFacts"/>), oldest first, narrowed
    /// by the query's stage, service and <see cref="SequenceQuery.From"/> (its paging and other filters are ignored).
    /// </summary>
    Task<IReadOnlyList<SequenceFacts>> QuerySequenceFactsAsync(SequenceQuery query, CancellationToken cancellationToken = default);

    /// <summary>The services that have executions in a project's stage (also services deleted since), in no given order.</summary>
    Task<IReadOnlyList<string>> ListSequenceServicesAsync(string project, string stage, CancellationToken cancellationToken = default);
}
