using Bosun.Core.Events;
using Bosun.Storage;

namespace Bosun.Server.Workers;

/// <summary>
/// A built-in integration whose tasks in hand are rows in the store (docs/architecture.md, "Claims, not memory"): the
/// dispatcher asks it which work an event makes, and commits that work with the event's hand-over; the work runner
/// claims the rows and runs them, again after a crash or on another process. Answers carry ids derived from the task,
/// so running a row twice answers once.
/// </summary>
internal interface IWorkIntegration
{
    /// <summary>The name of its work rows (the <c>integration</c> column).</summary>
    string Name { get; }

    /// <summary>The events it answers, as the integrations page lists them (Keptn's subscriptions of an outside integration).</summary>
    IReadOnlyList<string> Subscriptions { get; }

    /// <summary>
    /// Whether its work in hand is given back at once on SIGTERM instead of being finished within the shutdown timeout:
    /// for work that mostly waits on the outside (a delivery following an Argo CD app), which goes on without Bosun and
    /// is picked up where it stands by the next holder.
    /// </summary>
    bool GivesBackOnStop => false;

    /// <summary>The keys of the work <paramref name="evt"/> makes for this integration (none: it does not take it).</summary>
    Task<IReadOnlyList<string>> SelectAsync(KeptnEvent evt, CancellationToken cancellationToken);

    /// <summary>Does one claimed piece of work to its end.</summary>
    /// <param name="end">Given to the answer that ends the work (<see cref="EventIngest.SubmitAsync"/>), so the row goes in its commit.</param>
    /// <param name="cancellationToken">Cancelled when the shutdown timeout has run out: what is left runs again elsewhere.</param>
    /// <returns>Whether an answer carried <paramref name="end"/> (if not, the runner removes the row itself), or until when the work waits.</returns>
    Task<WorkResult> RunAsync(WorkClaim claim, WorkEnd end, CancellationToken cancellationToken);
}
