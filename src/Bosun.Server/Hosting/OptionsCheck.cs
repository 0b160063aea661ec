namespace Bosun.Server.Hosting;

/// <summary>
/// The settings that are numbers and durations, checked at start before anything is written (the CLI parses the flags;
/// an embedding host or test builds <see cref="BosunOptions"/> itself): each problem names its flag.
/// </summary>
internal static class OptionsCheck
{
    /// <exception cref="ArgumentException">A setting is out of its range.</exception>
    public static void Check(BosunOptions options)
    {
        if (options.MaxEventSizeKb < 1)
        {
            throw new ArgumentException("--max-event-size-kb must be a positive number");
        }
        if (options.QueueLimit < 0)
        {
            throw new ArgumentException("--queue-limit must be 0 (no bound) or a positive number");
        }
        if (string.IsNullOrWhiteSpace(options.ArgoCdSequence))
        {
            throw new ArgumentException("--argocd-sequence must name a sequence");
        }
        if (options.TaskStartedWait <= TimeSpan.Zero || options.PrometheusTimeout <= TimeSpan.Zero || options.SliProviderWait <= TimeSpan.Zero)
        {
            throw new ArgumentException("the task-started wait, the Prometheus timeout and the SLI provider's wait must be longer than zero");
        }
    }
}
