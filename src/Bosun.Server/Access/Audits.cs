using Bosun.Core.Events;
using Bosun.Storage;

namespace Bosun.Server.Access;

/// <summary>
/// The audit entries of changes (DESIGN §8): who is the caller's token name, the action a verb on a kind of thing
/// (<c>project.create</c>, <c>approval.approve</c>), the target its path.
/// </summary>
internal static class Audits
{
    /// <summary>The name of the caller of a request; the API's token check and the UI's session always set one.</summary>
    public static string Who(HttpContext context) => Caller.Of(context)?.Name ?? throw new InvalidOperationException("the request has no caller");

    public static AuditRecord Of(HttpContext context, DateTimeOffset time, string action, string target, string? project) =>
        new(time, Who(context), action, target, project);

    /// <summary>
    /// The entry of an event a client sends: <c>sequence.trigger</c> for a sequence's <c>.triggered</c> (its target the
    /// sequence in its stage and service), else <c>event.send</c> (its target the event type in its context).
    /// </summary>
    public static AuditRecord OfEvent(HttpContext context, DateTimeOffset time, KeptnEvent evt)
    {
        var type = KeptnEventType.Parse(evt.Type);
        if (type.IsSequence && type.Kind == EventKind.Triggered)
        {
            return Of(context, time, "sequence.trigger", $"projects/{evt.Project}/stages/{type.Stage}/services/{evt.Service}/sequences/{type.Name}", evt.Project);
        }
        var target = string.IsNullOrEmpty(evt.KeptnContext) ? $"events/{evt.Type}" : $"contexts/{evt.KeptnContext}/events/{evt.Type}";
        return Of(context, time, "event.send", target, evt.Project);
    }

    public static string ProjectPath(string project) => $"projects/{project}";

    public static string ServicePath(string project, string service) => $"projects/{project}/services/{service}";

    public static string SequencePath(string project, string keptnContext) => $"projects/{project}/sequences/{keptnContext}";
}
