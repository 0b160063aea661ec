using Bosun.TestKit;

namespace Bosun.EndToEnd.Tests.Replicas;

/// <summary><c>bosun migrate</c> given what it cannot use: one line, exit 2, nothing written.</summary>
public sealed class MigrateCommandTests
{
    [Theory]
    [InlineData(new[] { "migrate" }, "give --from-sqlite PATH and --postgres CONNSTR")]
    [InlineData(new[] { "migrate", "--from-sqlite", "/nonexistent/bosun.db", "--postgres", "Host=127.0.0.1" }, "--from-sqlite: /nonexistent/bosun.db does not exist")]
    [InlineData(new[] { "migrate", "--from-sqlite", "/nonexistent/bosun.db" }, "give --from-sqlite PATH and --postgres CONNSTR")]
    public async Task Migrate_WithWhatItCannotUse_ExitsTwoWithOneClearLine(string[] args, string expected)
    {
        await using var process = await BosunProcess.StartAsync(args, waitForListening: false);
        Assert.Equal(2, await process.WaitForExitAsync());
        Assert.Contains(expected, process.Output);
        Assert.DoesNotContain("   at ", process.Output);
    }

    [Fact]
    public async Task Migrate_ToAnUnreachablePostgres_ExitsTwo_AndLeavesTheSqliteFileAsItWas()
    {
        using var data = new TempDirectory("bosun-migrate-unreachable");
        await using (var serve = await BosunProcess.ServeAsync(data.Path, "t"))
        {
            Assert.Equal(0, await serve.TerminateAsync());
        }
        var database = Path.Combine(data.Path, "bosun.db");
        var before = await File.ReadAllBytesAsync(database);
        await using var process = await BosunProcess.StartAsync(["migrate", "--from-sqlite", database, "--postgres", "Host=127.0.0.1;Port=1;Timeout=3"], waitForListening: false);
        Assert.Equal(2, await process.WaitForExitAsync());
        Assert.Contains("did not answer", process.Output);
        Assert.Equal(before, await File.ReadAllBytesAsync(database));
    }
}
