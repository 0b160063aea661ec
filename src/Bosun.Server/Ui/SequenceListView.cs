using Bosun.Core.Sequences;
using Bosun.Storage;

namespace Bosun.Server.Ui;

/// <summary>One page of a project's sequence list, newest first, with the links to the pages beside it.</summary>
public sealed record SequenceListView(
    string Project,
    IReadOnlyList<string> Stages,
    IReadOnlyList<string> Services,
    IReadOnlyList<string> SequenceNames,
    SequenceListFilter Filter,
    IReadOnlyList<SequenceListRow> Rows,
    int Total,
    string? NewerLink,
    string? OlderLink)
{
    public const int PageSize = 50;

    /// <summary>
    /// Reads one page: newer pages that reach the newest executions become the first page, so the list never shows a
    /// short page at its top.
    /// </summary>
    public static async Task<SequenceListView> BuildAsync(IStore store, string project, Core.Shipyard.ShipyardSpec shipyard, SequenceListFilter filter)
    {
        var page = await store.QuerySequencesAsync(filter.ToQuery(project, PageSize));
        if (filter.Cursor is { Newer: true } && page.NextPageKey is null)
        {
            filter = filter with { Cursor = null };
            page = await store.QuerySequencesAsync(filter.ToQuery(project, PageSize));
        }
        var rows = page.Items.Select(e => new SequenceListRow(e.KeptnContext, e.Sequence, e.Stage, e.Service, e.Version, e.State.ToWire(), e.Result, e.TriggeredAt, e.Message)).ToList();
        string? newer = null, older = null;
        if (rows.Count > 0)
        {
            // Any cursor page has newer ones (a newer page that reached the top became the first page above); older ones
            // follow where the store says more do, and always behind a newer page.
            newer = filter.Cursor is not null ? filter.Link(project, SequenceCursor.NewerThan(page.Items[0]).ToString()) : null;
            older = filter.Cursor is { Newer: true } || page.NextPageKey is not null ? filter.Link(project, SequenceCursor.OlderThan(page.Items[^1]).ToString()) : null;
        }
        var services = (await store.ListServicesAsync(project)).Select(s => s.Name).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var names = shipyard.Stages.SelectMany(s => s.Sequences.Select(q => q.Name)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        return new SequenceListView(project, [.. shipyard.Stages.Select(s => s.Name)], services, names, filter, rows, page.TotalCount, newer, older);
    }
}

/// <summary>One sequence execution (a sequence in one stage) as a line of the list.</summary>
public sealed record SequenceListRow(string KeptnContext, string Sequence, string Stage, string Service, string? Version, string State, string? Result, DateTimeOffset TriggeredAt, string? Message);
