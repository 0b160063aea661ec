using Bosun.Integrations.ArgoCd;

namespace Bosun.Server.Workers;

/// <summary>One open <c>deliver</c> or <c>rollback</c> task the Argo CD integration is answering.</summary>
internal sealed class DeliveryJob(DeliveryRequest request, CancellationToken shutdown) : IDisposable
{
    private readonly CancellationTokenSource _cancel = CancellationTokenSource.CreateLinkedTokenSource(shutdown);

    public DeliveryRequest Request { get; set; } = request;
    public DeliveryProgress Progress { get; } = new();
    public bool IsRollback => Request.IsRollback;

    /// <summary>Cancelled when Bosun stops or the task was closed by someone else (sequence aborted, timed out).</summary>
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
