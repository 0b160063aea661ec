namespace Bosun.Core.Events;

/// <summary>
/// A parsed Keptn event type. Task events have five dot-separated parts
/// (<c>sh.keptn.event.&lt;task&gt;.&lt;kind&gt;</c>), sequence events six
/// (<c>sh.keptn.event.&lt;stage&gt;.&lt;sequence&gt;.&lt;kind&gt;</c>); anything else is "other".
/// </summary>
public sealed record KeptnEventType(string Raw, bool IsKeptnEvent, bool IsSequence, string? Stage, string Name, string KindText)
{
    public const string Prefix = "sh.keptn.event.";

    public bool IsTask => IsKeptnEvent && !IsSequence;

    public EventKind Kind => KindText switch
    {
        "triggered" => EventKind.Triggered,
        "started" => EventKind.Started,
        "finished" => EventKind.Finished,
        "invalidated" => EventKind.Invalidated,
        "changed" => EventKind.StatusChanged,
        _ => EventKind.Unknown,
    };

    // Every event's type is parsed several times on its way (engine, writer, integrations): the types a server sees are
    // few, so each is parsed once; past the bound (a client sending endless new types) they are parsed each time.
    private static readonly BoundedMemo<KeptnEventType> Known = new(4096, ParseNew);

    public static KeptnEventType Parse(string type) => Known.Get(type);

    private static KeptnEventType ParseNew(string type)
    {
        var parts = type.Split('.');
        if (type.StartsWith(Prefix, StringComparison.Ordinal) && parts.Length == 5 && parts.All(p => p.Length > 0))
        {
            return new KeptnEventType(type, true, false, null, parts[3], parts[4]);
        }
        if (type.StartsWith(Prefix, StringComparison.Ordinal) && parts.Length == 6 && parts.All(p => p.Length > 0))
        {
            return new KeptnEventType(type, true, true, parts[3], parts[4], parts[5]);
        }
        return new KeptnEventType(type, false, false, null, type, string.Empty);
    }

    public static string TaskType(string task, string kind) => $"{Prefix}{task}.{kind}";

    public static string SequenceType(string stage, string sequence, string kind) => $"{Prefix}{stage}.{sequence}.{kind}";
}
