using Bosun.Core.Sequences;

namespace Bosun.Storage;

/// <summary>One keptnContext of a project with every sequence execution it holds, oldest first.</summary>
public sealed record ContextRecord(string KeptnContext, string Project, string Name, string Service, DateTimeOffset Time,
    IReadOnlyList<SequenceExecution> Sequences);
