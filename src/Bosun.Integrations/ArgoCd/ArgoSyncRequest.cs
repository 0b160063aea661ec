namespace Bosun.Integrations.ArgoCd;

/// <summary>What Bosun asks of a sync: a revision, prune, sync options, and <c>infos</c> stamping it with Keptn ids.</summary>
public sealed record ArgoSyncRequest(
    string? Project,
    string? Revision,
    bool Prune,
    IReadOnlyList<string> SyncOptions,
    IReadOnlyDictionary<string, string> Infos);
