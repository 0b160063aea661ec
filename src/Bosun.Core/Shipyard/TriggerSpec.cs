namespace Bosun.Core.Shipyard;

/// <summary>A <c>triggeredOn</c> entry: <c>event: "&lt;stage&gt;.&lt;sequence&gt;.finished"</c> with an optional selector.</summary>
public sealed record TriggerSpec(string Event, IReadOnlyDictionary<string, string> Match);
