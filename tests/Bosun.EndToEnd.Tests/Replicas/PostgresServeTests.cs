using System.Net;
using System.Security.Cryptography;
using Bosun.TestKit;

namespace Bosun.EndToEnd.Tests.Replicas;

/// <summary><c>bosun serve --postgres</c> at start: what replicas must share is never generated, and a database it cannot use stops it in one line.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresServeTests(PostgresFixture postgres)
{
    private static readonly Dictionary<string, string> Key = new() { ["BOSUN_SECRET_KEY"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)) };

    [Theory]
    [InlineData("Host=127.0.0.1;Port=1;Username=postgres;Timeout=3", "--postgres: PostgreSQL at 127.0.0.1:1/postgres did not answer")]
    [InlineData("Host=127.0.0.1;Port=not-a-port", "--postgres: the connection string is malformed")]
    [InlineData("Port=5432", "--postgres: the connection string names no Host")]
    public async Task Serve_OnAPostgresItCannotUse_ExitsTwoWithOneClearLine(string connection, string expected)
    {
        await using var process = await BosunProcess.StartAsync(["serve", "--listen", "127.0.0.1:0", "--postgres", connection, "--api-token", "t"], Key, waitForListening: false);
        Assert.Equal(2, await process.WaitForExitAsync());
        Assert.Contains(expected, process.Output);
        Assert.DoesNotContain("   at ", process.Output);
    }

    [Fact]
    public async Task Serve_WithPostgresButNoSealingKey_ExitsTwo_AndGeneratesNothing()
    {
        using var data = new TempDirectory("bosun-pg-nokey");
        await using var process = await BosunProcess.StartAsync(
            ["serve", "--listen", "127.0.0.1:0", "--data", data.Path, "--postgres", postgres.Server.ConnectionString(), "--api-token", "t"], waitForListening: false);
        Assert.Equal(2, await process.WaitForExitAsync());
        Assert.Contains("--postgres needs the secret-sealing key every replica shares: set BOSUN_SECRET_KEY or BOSUN_SECRET_KEY_FILE", process.Output);
        Assert.False(File.Exists(Path.Combine(data.Path, "secret-key")));
        Assert.False(File.Exists(Path.Combine(data.Path, "api-token")));
    }

    [Fact]
    public async Task Serve_OnPostgres_IsReady_AndNamesNoDataDirectory()
    {
        var connection = await postgres.Server.CreateDatabaseAsync("serve");
        await using var process = await BosunProcess.StartAsync(["serve", "--listen", "127.0.0.1:0", "--postgres", connection, "--api-token", "t"], Key);
        Assert.Contains("(data: PostgreSQL)", process.Output);
        using var client = process.Client("t");
        var ready = await client.GetAsync("/ready");
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal("""{"status":"ready","store":"ok","checks":{"store":{"status":"ok"}}}""", await ready.Content.ReadAsStringAsync());
    }
}
