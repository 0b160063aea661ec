using System.Net;
using System.Net.Http.Json;
using Bosun.TestKit;

namespace Bosun.EndToEnd.Tests;

/// <summary><c>bosun serve</c> as a user runs it: flags, environment fallbacks, the generated token, SIGTERM.</summary>
public sealed class ServeCommandTests : IDisposable
{
    private readonly TempDirectory _root = new("bosun-e2e");

    /// <summary>A data directory that does not exist yet, two levels down.</summary>
    private string DataDirectory => _root.Combine("nested", "data");

    public void Dispose() => _root.Dispose();

    [Fact]
    public async Task Serve_WithoutToken_CreatesDataDirectory_PrintsGeneratedTokenOnce_AndKeepsIt()
    {
        string token;
        await using (var first = await BosunProcess.StartAsync(["serve", "--listen", "127.0.0.1:0", "--data", DataDirectory]))
        {
            var line = first.Output.Split('\n').Single(l => l.StartsWith("Generated an API token", StringComparison.Ordinal));
            token = line[(line.LastIndexOf(' ') + 1)..].Trim();
            Assert.Equal(token, (await File.ReadAllTextAsync(Path.Combine(DataDirectory, "api-token"))).Trim());
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(DataDirectory, "api-token")));
            using var anonymous = new HttpClient { BaseAddress = first.Address };
            Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/health")).StatusCode);
            Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsync("/api/v1/auth", null)).StatusCode);
            using var client = first.Client(token);
            Assert.Equal(HttpStatusCode.OK, (await client.PostAsync("/api/v1/auth", null)).StatusCode);
            Assert.Equal(0, await first.TerminateAsync());
        }
        await using var second = await BosunProcess.StartAsync(["serve", "--listen", "127.0.0.1:0", "--data", DataDirectory]);
        Assert.DoesNotContain("Generated an API token", second.Output);
        Assert.DoesNotContain(token, second.Output);
        using var again = second.Client(token);
        Assert.Equal(HttpStatusCode.OK, (await again.PostAsync("/api/v1/auth", null)).StatusCode);
    }

    [Fact]
    public async Task Serve_EnvironmentFallbacks_AreUsed()
    {
        var env = new Dictionary<string, string>
        {
            ["BOSUN_LISTEN"] = "127.0.0.1:0",
            ["BOSUN_DATA"] = DataDirectory,
            ["BOSUN_API_TOKEN"] = "from-env",
        };
        await using var server = await BosunProcess.StartAsync(["serve"], env);
        Assert.Contains(Path.GetFullPath(DataDirectory), server.Output);
        using var client = server.Client("from-env");
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync("/api/v1/auth", null)).StatusCode);
        Assert.False(File.Exists(Path.Combine(DataDirectory, "api-token")));
    }

    [Theory]
    [InlineData(new[] { "serve", "--listen", "not a port" }, "--listen")]
    [InlineData(new[] { "serve", "--max-event-size-kb", "zero" }, "--max-event-size-kb")]
    [InlineData(new[] { "serve", "--queue-limit", "-1" }, "--queue-limit must be 0 (no bound) or a positive number")]
    [InlineData(new[] { "serve", "--postgres", "Host=localhost" }, "--postgres needs the API token every replica shares")]
    [InlineData(new[] { "serve", "--no-such-flag" }, "--no-such-flag")]
    [InlineData(new[] { "serve", "--argocd-url", "ftp://argo" }, "--argocd-url 'ftp://argo' is not an http(s) URL")]
    [InlineData(new[] { "serve", "--webhook-allow", "bad host!" }, "--webhook-allow: 'bad host!' is neither a host name nor a CIDR")]
    [InlineData(new[] { "serve", "--prometheus-url", "nonsense://x" }, "--prometheus-url 'nonsense://x' is not an http(s) URL")]
    public async Task Serve_BadFlags_ExitNonZeroWithOneClearLine(string[] args, string expected)
    {
        await using var process = await BosunProcess.StartAsync(args.Append("--data").Append(DataDirectory), waitForListening: false);
        Assert.NotEqual(0, await process.WaitForExitAsync());
        Assert.Contains(expected, process.Output);
        Assert.DoesNotContain("   at ", process.Output);
        if (expected.Contains("URL", StringComparison.Ordinal))
        {
            // A flag that does not parse leaves no trace: no data directory, no generated token.
            Assert.False(Directory.Exists(DataDirectory));
        }
    }

    [Fact]
    public async Task Serve_PortInUse_ExitsWithOneClearLine()
    {
        await using var first = await BosunProcess.StartAsync(["serve", "--listen", "127.0.0.1:0", "--data", DataDirectory, "--api-token", "t"]);
        var taken = $"127.0.0.1:{first.Address.Port}";
        await using var second = await BosunProcess.StartAsync(["serve", "--listen", taken, "--data", DataDirectory + "-2", "--api-token", "t"], waitForListening: false);
        Assert.Equal(1, await second.WaitForExitAsync());
        Assert.Contains($"cannot listen on {taken}", second.Output);
        Assert.DoesNotContain("   at ", second.Output);
    }

    [Fact]
    public async Task Serve_OnADatabaseNewerThanTheBinary_ExitsTwoWithOneClearLine_AndLeavesItAlone()
    {
        await using (var first = await BosunProcess.StartAsync(["serve", "--listen", "127.0.0.1:0", "--data", DataDirectory, "--api-token", "t"]))
        {
            Assert.Equal(0, await first.TerminateAsync());
        }
        var database = Path.Combine(DataDirectory, "bosun.db");
        long newer;
        using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={database};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT MAX(version) + 1 FROM schema_version";
            newer = (long)command.ExecuteScalar()!;
            command.CommandText = $"INSERT INTO schema_version (version) VALUES ({newer})";
            command.ExecuteNonQuery();
        }
        await using var second = await BosunProcess.StartAsync(["serve", "--listen", "127.0.0.1:0", "--data", DataDirectory, "--api-token", "t"], waitForListening: false);
        Assert.Equal(2, await second.WaitForExitAsync());
        var line = Assert.Single(second.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        Assert.StartsWith("bosun serve: the database at ", line);
        Assert.Contains($"has schema version {newer}, newer than this binary's {newer - 1}", line);
    }

    [Fact]
    public async Task Serve_TokenAndSealingKeyFromFiles_AsAMountedSecret_GeneratesNeither()
    {
        var secrets = DataDirectory + "-secret";
        Directory.CreateDirectory(secrets);
        await File.WriteAllTextAsync(Path.Combine(secrets, "token"), "from-a-file\n");
        await File.WriteAllTextAsync(Path.Combine(secrets, "key"), Convert.ToBase64String(new byte[32]) + "\n");
        var env = new Dictionary<string, string> { ["BOSUN_SECRET_KEY_FILE"] = Path.Combine(secrets, "key") };
        await using var server = await BosunProcess.StartAsync(
            ["serve", "--listen", "127.0.0.1:0", "--data", DataDirectory, "--api-token-file", Path.Combine(secrets, "token")], env);
        using (var client = server.Client("from-a-file"))
        {
            (await client.GetAsync("/api/controlPlane/v1/project")).EnsureSuccessStatusCode();
            (await client.PostAsync("/api/secrets/v1/secret", JsonContent.Create(new { name = "s", data = new { k = "v" } }))).EnsureSuccessStatusCode();
        }
        using (var wrong = server.Client("from-a-fil"))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await wrong.GetAsync("/api/controlPlane/v1/project")).StatusCode);
        }
        Assert.False(File.Exists(Path.Combine(DataDirectory, "api-token")));
        Assert.False(File.Exists(Path.Combine(DataDirectory, "secret-key")));
        Assert.DoesNotContain("from-a-file", server.Output);
    }

    [Theory]
    [InlineData("both", "give --api-token or --api-token-file, not both")]
    [InlineData("missing", "--api-token-file: cannot read ")]
    [InlineData("empty", "--api-token-file: ")]
    [InlineData("badkey", "BOSUN_SECRET_KEY_FILE must hold 32 bytes in base64")]
    [InlineData("bothkeys", "set BOSUN_SECRET_KEY or BOSUN_SECRET_KEY_FILE, not both")]
    public async Task Serve_BadTokenOrKeyFile_ExitsTwoWithOneClearLine(string problem, string expected)
    {
        var secrets = DataDirectory + "-secret";
        Directory.CreateDirectory(secrets);
        var tokenFile = Path.Combine(secrets, "token");
        var keyFile = Path.Combine(secrets, "key");
        await File.WriteAllTextAsync(tokenFile, problem == "empty" ? " \n" : "t");
        await File.WriteAllTextAsync(keyFile, problem == "badkey" ? "not a key" : Convert.ToBase64String(new byte[32]));
        var args = new List<string> { "serve", "--listen", "127.0.0.1:0", "--data", DataDirectory, "--api-token-file", problem == "missing" ? tokenFile + ".absent" : tokenFile };
        if (problem == "both")
        {
            args.AddRange(["--api-token", "t"]);
        }
        var env = new Dictionary<string, string> { ["BOSUN_SECRET_KEY_FILE"] = keyFile };
        if (problem == "bothkeys")
        {
            env["BOSUN_SECRET_KEY"] = Convert.ToBase64String(new byte[32]);
        }
        await using var process = await BosunProcess.StartAsync(args, env, waitForListening: false);
        Assert.Equal(2, await process.WaitForExitAsync());
        var line = Assert.Single(process.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        Assert.Contains(expected, line);
        Assert.DoesNotContain("   at ", process.Output);
    }
}
