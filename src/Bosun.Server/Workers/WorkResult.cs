namespace Bosun.Server.Workers;

/// <summary>What became of a claimed piece of work (<see cref="IWorkIntegration.RunAsync"/>).</summary>
internal readonly record struct WorkResult(bool Ended, DateTimeOffset? WaitUntil)
{
    /// <summary>An answer carried the <see cref="WorkEnd"/>: the row went in its commit.</summary>
    public static WorkResult Answered => new(true, null);

    /// <summary>Nothing is left to do: the runner removes the row.</summary>
    public static WorkResult Done => new(false, null);

    /// <summary>
    /// It waits for something outside (an answer, a deadline): the row is given back without a lease, due again at
    /// <paramref name="until"/> (docs/architecture.md: a wait must not hold a lease, or a restart would lose it).
    /// </summary>
    public static WorkResult Until(DateTimeOffset until) => new(false, until);
}
