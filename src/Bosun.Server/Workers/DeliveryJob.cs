using Bosun.Core.Events;
using Bosun.Integrations.ArgoCd;

namespace Bosun.Server.Workers;

/// <summary>One open <c>deliver</c> or <c>rollback</c> task the Argo CD integration is answering, on its work row.</summary>
internal sealed class DeliveryJob(DeliveryRequest request, KeptnEvent triggered, WorkEnd end, CancellationToken abandon) : IDisposable
{
    private readonly CancellationTokenSource _cancel = CancellationTokenSource.CreateLinkedTokenSource(abandon);

    public DeliveryRequest Request { get; set; } = request;
    public DeliveryProgress Progress { get; } = new();

    /// <summary>The task's <c>.triggered</c> event (its <c>traceparent</c> names the task's span).</summary>
    public KeptnEvent Triggered { get; } = triggered;
    public bool IsRollback => Request.IsRollback;

    /// <summary>The work row its <c>.finished</c> ends, in the same commit.</summary>
    public WorkEnd End { get; } = end;

    /// <summary>Whether the <c>.finished</c> was sent (and so the row went with it).</summary>
    public bool Answered { get; set; }

    /// <summary>Cancelled when the work is abandoned (shutdown ran out of time) or the task was closed by someone else.</summary>
    public CancellationToken Cancellation => _cancel.Token;

    /// <summary>The history id a rollback redeploys, once chosen.</summary>
    public long? RollbackId { get; set; }

    public void Cancel()
    {
        try
        {
            _cancel.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // Already done.
        }
    }

    public void Dispose() => _cancel.Dispose();
}
