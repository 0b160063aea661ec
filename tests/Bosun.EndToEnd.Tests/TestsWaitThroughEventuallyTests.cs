using System.Text.RegularExpressions;
using Bosun.TestKit;

namespace Bosun.EndToEnd.Tests;

/// <summary>
/// STYLE.md's rule for tests, as a test: a test waits for what another thread or process does through the one shared
/// <see cref="Eventually"/>, never with a sleep or a deadline loop of its own. The files listed pause for another
/// reason, named beside each; an entry whose file no longer pauses is stale and fails too.
/// </summary>
public sealed partial class TestsWaitThroughEventuallyTests
{
    private static readonly Dictionary<string, string> Pauses = new()
    {
        ["Bosun.TestKit/Eventually.cs"] = "the one poll",
        ["Bosun.TestKit/BosunProcess.cs"] = "a start-up deadline raced against the process's own line",
        ["Bosun.TestKit/CrashDriver.cs"] = "the driver's seeded pacing, and its retry of a call a kill cut short",
        ["Bosun.TestKit/RecordingReceiver.cs"] = "a receiver told to answer slowly",
        ["Bosun.Integrations.Tests/Webhooks/WebhookSenderTests.cs"] = "a server slower than the sender's timeout",
        ["Bosun.EndToEnd.Tests/RandomCrashTests.cs"] = "PostgreSQL kept down for a second: an outage",
        ["Bosun.Server.Tests/ArgoCd/NativeDeliveryErrorsTests.cs"] = "a fake clock kept ticking while the server stops",
        ["Bosun.Storage.Tests/Sqlite/SqliteStoreTests.cs"] = "checkpoints at a set pace beside a writer",
        ["Bosun.Storage.Tests/Postgres/PostgresStoreTests.cs"] = "showing that a second insert waits",
        ["Bosun.Storage.Tests/Postgres/PostgresSharedStoreTests.cs"] = "showing that a scope lock is held",
    };

    private static string Tests => Path.Combine(RepositoryPaths.Root, "tests");

    private static IEnumerable<string> Sources() => Directory.EnumerateFiles(Tests, "*.cs", SearchOption.AllDirectories)
        .Select(f => Path.GetRelativePath(Tests, f).Replace('\\', '/'))
        .Where(f => !f.Contains("/obj/", StringComparison.Ordinal) && !f.Contains("/bin/", StringComparison.Ordinal));

    [Fact]
    public void NoTestSleepsOrPollsOnItsOwn()
    {
        var offending = Sources().Where(f => !Pauses.ContainsKey(f) && Pause().IsMatch(File.ReadAllText(Path.Combine(Tests, f)))).ToList();
        Assert.True(offending.Count == 0, "wait through Eventually.Until instead: " + string.Join(", ", offending));
    }

    [Fact]
    public void EveryListedPause_IsStillThere()
    {
        var stale = Pauses.Keys.Where(f => !File.Exists(Path.Combine(Tests, f)) || !Pause().IsMatch(File.ReadAllText(Path.Combine(Tests, f)))).ToList();
        Assert.True(stale.Count == 0, "no pause left in: " + string.Join(", ", stale));
    }

    [GeneratedRegex(@"Task\.Delay\(|Thread\.Sleep\(|DateTime\.UtcNow\.Add(Seconds|Milliseconds|Minutes)\(")]
    private static partial Regex Pause();
}
