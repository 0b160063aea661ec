namespace Bosun.Storage;

/// <summary>Filters of Keptn's sequence-execution query in one project; every non-null field narrows the result.</summary>
public sealed record SequenceQuery(string Project)
{
    public string? Stage { get; init; }
    public string? Service { get; init; }
    public string? Name { get; init; }

    /// <summary>The execution's state as Keptn spells it (<c>started</c>, <c>waitingForApproval</c>, …).</summary>
    public string? State { get; init; }
    public string? KeptnContext { get; init; }

    /// <summary>The finished execution's result (<c>pass</c>, <c>warning</c>, <c>fail</c>).</summary>
    public string? Result { get; init; }

    /// <summary>Labels of the triggering event that must all be present with these values.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Labels { get; init; } = [];

    /// <summary>Triggered at or after this time.</summary>
    public DateTimeOffset? From { get; init; }

    /// <summary>Triggered before this time.</summary>
    public DateTimeOffset? To { get; init; }

    /// <summary>
    /// A page key from <see cref="SequenceCursor"/>: when set, the page holds the executions after it in the direction
    /// it names and <see cref="Offset"/> is ignored, so new arrivals never shift a page the reader is on.
    /// </summary>
    public SequenceCursor? Cursor { get; init; }
    public int Offset { get; init; }
    public int PageSize { get; init; } = 50;

    /// <summary>The <c>sequences</c> columns this query narrows on, with their values (the names are fixed here, never input).</summary>
    internal IEnumerable<(string Column, string Value)> Columns()
    {
        foreach (var (column, value) in new[] { ("stage", Stage), ("service", Service), ("name", Name), ("state", State), ("context", KeptnContext), ("result", Result) })
        {
            if (!string.IsNullOrEmpty(value))
            {
                yield return (column, value!);
            }
        }
    }

    /// <summary>
    /// The WHERE clause and its parameters in one dialect: <paramref name="mark"/> starts a parameter name (<c>$</c> or
    /// <c>@</c>), <paramref name="contains"/> is the dialect's substring position function. Column names are fixed here.
    /// </summary>
    internal (string Where, List<(string Name, object Value)> Parameters) Sql(char mark, string contains)
    {
        var where = $"project = {mark}p";
        var parameters = new List<(string, object)> { ("p", Project) };
        foreach (var (column, value) in Columns())
        {
            where += $" AND {column} = {mark}{column}";
            parameters.Add((column, value));
        }
        var i = 0;
        foreach (var label in Labels)
        {
            where += $" AND {contains}(labels, {mark}l{i}) > 0";
            parameters.Add(($"l{i++}", SequenceLabels.Needle(label.Key, label.Value)));
        }
        if (From is { } from)
        {
            where += $" AND triggered_at >= {mark}from";
            parameters.Add(("from", StoredValues.Ms(from)));
        }
        if (To is { } to)
        {
            where += $" AND triggered_at < {mark}to";
            parameters.Add(("to", StoredValues.Ms(to)));
        }
        return (where, parameters);
    }

    /// <summary>
    /// The cursor's condition and order: older pages walk down from it, newer pages walk up (and are turned round by the
    /// reader, so every page is newest first). One more row than a page is read to tell whether another page follows.
    /// </summary>
    internal (string Where, string OrderBy) CursorSql(char mark) => Cursor switch
    {
        null => ("", "ord DESC, id DESC"),
        { Newer: false } => ($" AND (ord < {mark}co OR (ord = {mark}co AND id < {mark}ci))", "ord DESC, id DESC"),
        _ => ($" AND (ord > {mark}co OR (ord = {mark}co AND id > {mark}ci))", "ord ASC, id ASC"),
    };

    /// <summary>A page read with one row more than it holds, put newest first with the key of the page after it.</summary>
    internal Page<Core.Sequences.SequenceExecution> PageOf(List<Core.Sequences.SequenceExecution> rows, int total)
    {
        if (Cursor is null)
        {
            return Page<Core.Sequences.SequenceExecution>.From(rows, total, Offset, PageSize);
        }
        var more = rows.Count > PageSize;
        var items = rows.Take(PageSize).ToList();
        if (Cursor.Newer)
        {
            items.Reverse();
        }
        var next = !more ? null : Cursor.Newer ? SequenceCursor.NewerThan(items[0]) : SequenceCursor.OlderThan(items[^1]);
        return new Page<Core.Sequences.SequenceExecution>(items, total, PageSize, next?.ToString());
    }
}

/// <summary>
/// A position in a project's executions, newest first: its order and id (orders from two replicas may tie). Older
/// pages hold what comes after it in that order; newer pages what comes before.
/// </summary>
public sealed record SequenceCursor(long Order, string Id, bool Newer)
{
    /// <summary>The page key as it is put in a URL: <c>o.ORDER.ID</c> for older, <c>n.ORDER.ID</c> for newer.</summary>
    public override string ToString() => $"{(Newer ? 'n' : 'o')}.{Order.ToString(System.Globalization.CultureInfo.InvariantCulture)}.{Id}";

    public static SequenceCursor OlderThan(Core.Sequences.SequenceExecution last) => new(last.Order, last.Id, false);

    public static SequenceCursor NewerThan(Core.Sequences.SequenceExecution first) => new(first.Order, first.Id, true);

    /// <summary>Reads a page key; false when it is not one this type wrote.</summary>
    public static bool TryParse(string? text, out SequenceCursor? cursor)
    {
        cursor = null;
        var parts = (text ?? "").Split('.', 3);
        if (parts.Length != 3 || parts[0] is not ("o" or "n") || parts[2].Length == 0
            || !long.TryParse(parts[1], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var order))
        {
            return false;
        }
        cursor = new SequenceCursor(order, parts[2], parts[0] == "n");
        return true;
    }
}
