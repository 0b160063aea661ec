using System.Net.Http.Json;
using Bosun.Server.Hosting;
using Bosun.TestKit;

namespace Bosun.Server.Tests.Hostile;

/// <summary>The data directory and every file Bosun creates in it are owner-only, whatever the umask.</summary>
public sealed class DataDirectoryModeTests
{
    private const UnixFileMode Group = UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute;
    private const UnixFileMode Other = UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

    [Fact]
    public async Task NewDataDirectory_AndItsFiles_AreOwnerOnly()
    {
        var dir = Path.Combine(Path.GetTempPath(), "bosun-mode-" + Guid.NewGuid().ToString("N"));
        var app = BosunServer.Build(new BosunOptions { Listen = "127.0.0.1:0", DataDirectory = dir }, console: TextWriter.Null);
        var address = await LoopbackHost.StartAsync(app);
        try
        {
            var token = File.ReadAllText(Path.Combine(dir, "api-token")).Trim();
            using var client = new HttpClient { BaseAddress = address };
            client.DefaultRequestHeaders.Add("x-token", token);
            // A secret makes the sealing key; a write makes the WAL.
            var created = await client.PostAsJsonAsync("/api/secrets/v1/secret", new { name = "s", data = new { k = "v" } });
            Assert.True(created.IsSuccessStatusCode, await created.Content.ReadAsStringAsync());
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(dir));
            var files = Directory.GetFiles(dir);
            Assert.Contains(files, f => f.EndsWith("bosun.db-wal", StringComparison.Ordinal));
            Assert.Contains(files, f => f.EndsWith("api-token", StringComparison.Ordinal));
            Assert.All(files, f => Assert.True((File.GetUnixFileMode(f) & (Group | Other)) == 0, $"{Path.GetFileName(f)} is {File.GetUnixFileMode(f)}"));
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task ExistingOpenDirectory_IsTightened_AndAnExistingDatabaseToo()
    {
        var dir = Path.Combine(Path.GetTempPath(), "bosun-mode-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        File.SetUnixFileMode(dir, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        File.WriteAllBytes(Path.Combine(dir, "bosun.db"), []);
        File.SetUnixFileMode(Path.Combine(dir, "bosun.db"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        var server = await RunningServer.StartAsync(dir);
        try
        {
            Assert.Equal(UnixFileMode.None, File.GetUnixFileMode(dir) & (Group | Other));
            Assert.Equal(UnixFileMode.None, File.GetUnixFileMode(Path.Combine(dir, "bosun.db")) & (Group | Other));
        }
        finally
        {
            await server.DisposeAsync();
            Directory.Delete(dir, recursive: true);
        }
    }
}
