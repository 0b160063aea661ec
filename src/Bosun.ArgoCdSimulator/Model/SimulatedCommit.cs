namespace Bosun.ArgoCdSimulator.Model;

/// <summary>A commit of an app's git source, as Argo CD's revision metadata describes it (Argo CD keeps whole seconds).</summary>
public sealed record SimulatedCommit(string Author, DateTimeOffset Date, string Message, IReadOnlyList<string>? TagList = null)
{
    public IReadOnlyList<string> Tags => TagList ?? [];
}
