namespace Bosun.Integrations.ArgoCd;

/// <summary>A new revision of a Keptn-labelled app: the sequence to start and the labels the original template set.</summary>
public sealed record DeliveryTrigger(string App, string Project, string Stage, string Service, string Sequence, string Revision)
{
    /// <summary>The CloudEvent id of the trigger: one per (app, revision), so the event store's dedupe makes it once, ever.</summary>
    public string EventId => $"argocd-{App}-{Revision}";
}
