namespace Bosun.EndToEnd.Tests.Cli;

/// <summary><c>bosun token create|list|rotate|revoke</c> (DESIGN §8), run as the real binary against a real server.</summary>
public sealed class CliTokenTests(CliServer bosun) : IClassFixture<CliServer>
{
    private Task<CliResult> As(string token, params string[] arguments) =>
        bosun.RunAsync(arguments, new Dictionary<string, string?> { ["BOSUN_TOKEN"] = token });

    [Fact]
    public async Task AToken_IsCreatedListedRotatedAndRevoked_ItsValuePrintedOnlyWhenMade()
    {
        var created = await bosun.RunAsync("token", "create", "ci", "--role", "viewer", "--project", "shop", "--project", "bank");
        Assert.True(created.ExitCode == 0, created.ToString());
        var value = created.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries)[^1];
        Assert.StartsWith("Token ci (viewer) created.", created.Out, StringComparison.Ordinal);
        Assert.StartsWith("bsn_", value, StringComparison.Ordinal);

        var list = await bosun.RunAsync("token", "list");
        Assert.Equal(0, list.ExitCode);
        Assert.Matches(@"default\s+admin\s+all\s+\(the API token\)", list.Out);
        Assert.Matches(@"ci\s+viewer\s+shop, bank", list.Out);
        Assert.DoesNotContain(value, list.Out, StringComparison.Ordinal);
        var json = (await bosun.RunAsync("token", "list", "-o", "json")).Json();
        Assert.Equal(["default", "ci"], json["tokens"]!.AsArray().Select(t => t!["name"]!.GetValue<string>()));

        // The viewer reads, and is refused a change with exit code 4 and the missing right.
        var denied = await As(value, "token", "list");
        Assert.Equal((4, "bosun token list: the token 'ci' (viewer) lacks the right 'administer'\n"), (denied.ExitCode, denied.Err));

        var rotated = await bosun.RunAsync("token", "rotate", "ci", "-o", "json");
        Assert.Equal(0, rotated.ExitCode);
        var newValue = rotated.Json()["token"]!.GetValue<string>();
        Assert.NotEqual(value, newValue);
        Assert.Equal(4, (await As(value, "get", "project", "shop")).ExitCode);

        var revoked = await bosun.RunAsync("token", "revoke", "ci");
        Assert.Equal((0, "Token ci revoked\n"), (revoked.ExitCode, revoked.Out));
        var gone = await bosun.RunAsync("token", "revoke", "ci");
        Assert.Equal((3, "bosun token revoke: no token is named 'ci'\n"), (gone.ExitCode, gone.Err));
    }

    [Fact]
    public async Task BadInput_IsRefused_WithAClearMessage()
    {
        var role = await bosun.RunAsync("token", "create", "x", "--role", "root");
        Assert.Equal(2, role.ExitCode);
        Assert.Contains("root", role.Err, StringComparison.Ordinal);
        var name = await bosun.RunAsync("token", "create", "Bad_Name", "--role", "viewer");
        Assert.Equal(2, name.ExitCode);
        Assert.Contains("name 'Bad_Name' is not a valid name", name.Err, StringComparison.Ordinal);
        var missing = await bosun.RunAsync("token", "create", "x");
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("--role", missing.Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SecretsRotateKey_ReSealsBesideTheRunningServer_AndAMissingStoreIsAUsageError()
    {
        Assert.Equal(0, (await bosun.RunAsync("create", "secret", "rotated", "--from-literal", "token=v1")).ExitCode);
        var data = Path.Combine(bosun.WorkDirectory, "data");
        var oldKey = await File.ReadAllTextAsync(Path.Combine(data, "secret-key"));
        var rotated = await bosun.RunAsync("secrets", "rotate-key", "--data", data);
        Assert.True(rotated.ExitCode == 0, rotated.ToString());
        Assert.StartsWith("Sealed ", rotated.Out, StringComparison.Ordinal);
        Assert.Contains("secret(s) with a new key", rotated.Out, StringComparison.Ordinal);
        Assert.NotEqual(oldKey, await File.ReadAllTextAsync(Path.Combine(data, "secret-key")));
        Assert.Equal(oldKey.Trim(), (await File.ReadAllTextAsync(Path.Combine(data, "secret-key.previous"))).Trim());
        // The server still takes the secret's update (it reads the new key file when it changes).
        Assert.Equal(0, (await bosun.RunAsync("create", "secret", "rotated", "--from-literal", "token=v2", "--update")).ExitCode);

        var missing = await bosun.RunAsync("secrets", "rotate-key", "--data", Path.Combine(bosun.WorkDirectory, "nowhere"));
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("holds no Bosun store (bosun.db)", missing.Err, StringComparison.Ordinal);
    }
}
