using System.Net.Http.Json;
using System.Security.Cryptography;
using Bosun.Server.Secrets;
using Bosun.Storage;
using Bosun.Storage.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace Bosun.Server.Tests.Secrets;

/// <summary>
/// DESIGN §8: the sealing key is rotated with every secret re-sealed in one transaction, beside a running server that
/// keeps opening them all, and an interrupted rotation is finished by running it again.
/// </summary>
public sealed class KeyRotationTests : IAsyncLifetime
{
    private RunningServer _server = null!;

    public async Task InitializeAsync()
    {
        _server = await RunningServer.StartAsync();
        foreach (var (name, scope) in new[] { ("argo", "keptn-webhook-service"), ("slack", "keptn-default"), ("prom", "keptn-prometheus-service") })
        {
            await RunningServer.ReadAsync(await _server.Client.PostAsJsonAsync("/api/secrets/v1/secret", new { name, scope, data = new { token = $"{name}-value" } }));
        }
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        Directory.Delete(_server.DataDirectory, recursive: true);
    }

    private string KeyPath(string file) => Path.Combine(_server.DataDirectory, file);

    /// <summary>What <c>bosun secrets rotate-key --data</c> does: its own store and keys, on the server's directory.</summary>
    private async Task<SecretKeyRotation.Outcome> RotateAsync()
    {
        using var store = SqliteStore.Open(Path.Combine(_server.DataDirectory, "bosun.db"));
        return await SecretKeyRotation.RotateAsync(store, SealingKeys.Load(_server.DataDirectory, null, null, null), TimeProvider.System);
    }

    private async Task AssertEveryValueOpensAsync()
    {
        var vault = _server.Services.GetRequiredService<SecretVault>();
        Assert.Equal("argo-value", (await vault.OpenAsync("argo", SecretReader.Webhooks))!["token"]);
        Assert.Equal("slack-value", (await vault.OpenAsync("slack", SecretReader.Webhooks))!["token"]);
        Assert.Equal("prom-value", (await vault.OpenAsync("prom", SecretReader.Prometheus))!["token"]);
    }

    [Fact]
    public async Task ARotation_SealsEverySecretWithANewKey_AndTheRunningServerStillOpensThem()
    {
        var store = _server.Services.GetRequiredService<IStore>();
        var before = (await store.ListSecretsAsync()).ToDictionary(s => s.Name, s => s.Sealed);
        var oldKey = File.ReadAllText(KeyPath("secret-key")).Trim();

        var outcome = await RotateAsync();

        Assert.Equal(new SecretKeyRotation.Outcome(3, NewKey: true), outcome);
        var newKey = File.ReadAllText(KeyPath("secret-key")).Trim();
        Assert.NotEqual(oldKey, newKey);
        Assert.Equal(oldKey, File.ReadAllText(KeyPath("secret-key.previous")).Trim());
        Assert.False(File.Exists(KeyPath("secret-key.next")));
        foreach (var file in new[] { "secret-key", "secret-key.previous" })
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(KeyPath(file)));
        }
        var after = await store.ListSecretsAsync();
        Assert.All(after, s => Assert.NotEqual(before[s.Name], s.Sealed));
        // Sealed with the new key alone: the old one opens none of them.
        var newOnly = new SecretVault(store, SealingKeys.Of(Convert.FromBase64String(newKey)));
        Assert.Equal("argo-value", (await newOnly.OpenAsync("argo", SecretReader.Webhooks))!["token"]);
        var oldOnly = new SecretVault(store, SealingKeys.Of(Convert.FromBase64String(oldKey)));
        await Assert.ThrowsAnyAsync<CryptographicException>(() => oldOnly.OpenAsync("argo", SecretReader.Webhooks));

        await AssertEveryValueOpensAsync();
        var audit = Assert.Single((await store.QueryAuditAsync(new AuditQuery())).Items, e => e.Action == "secrets.rotate-key");
        Assert.Equal(("local", "secrets"), (audit.Token, audit.Target));

        // A secret written after the rotation is sealed with the new key; a second rotation re-seals it too.
        await RunningServer.ReadAsync(await _server.Client.PostAsJsonAsync("/api/secrets/v1/secret", new { name = "later", data = new { token = "later-value" } }));
        Assert.Equal(4, (await RotateAsync()).Resealed);
        Assert.Equal(newKey, File.ReadAllText(KeyPath("secret-key.previous")).Trim());
        await AssertEveryValueOpensAsync();
        Assert.Equal("later-value", (await _server.Services.GetRequiredService<SecretVault>().OpenAsync("later", SecretReader.Webhooks))!["token"]);
    }

    [Fact]
    public async Task ARotationInterrupted_AfterItsNewKeyWasWritten_IsFinishedByRunningItAgain_WithThatKey()
    {
        var pending = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        File.WriteAllText(KeyPath("secret-key.next"), pending + "\n");
        await AssertEveryValueOpensAsync();
        await RotateAsync();
        Assert.Equal(pending, File.ReadAllText(KeyPath("secret-key")).Trim());
        await AssertEveryValueOpensAsync();
    }

    [Fact]
    public async Task ASecretNoKeyOpens_StopsTheRotation_ChangingNothing()
    {
        var store = _server.Services.GetRequiredService<IStore>();
        await store.SaveSecretAsync(new SecretRecord("stray", "keptn-default", ["k"], RandomNumberGenerator.GetBytes(60)), mustExist: false);
        var before = (await store.ListSecretsAsync()).Select(s => Convert.ToBase64String(s.Sealed)).ToList();
        var error = await Assert.ThrowsAnyAsync<CryptographicException>(RotateAsync);
        Assert.Contains("'stray' opens with none of the sealing keys", error.Message, StringComparison.Ordinal);
        Assert.Equal(before, (await store.ListSecretsAsync()).Select(s => Convert.ToBase64String(s.Sealed)));
        await AssertEveryValueOpensAsync();
    }

    [Theory]
    [InlineData(null, "not-base64", "BOSUN_SECRET_KEY_PREVIOUS must hold 32 bytes in base64")]
    [InlineData("AAAA", null, "BOSUN_SECRET_KEY must hold 32 bytes in base64")]
    public void AMalformedKey_IsRefusedNamingItsVariable(string? current, string? previous, string message)
    {
        var error = Assert.Throws<ArgumentException>(() => SealingKeys.Load(_server.DataDirectory, current ?? Convert.ToBase64String(new byte[32]), null, previous));
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task KeysFromTheEnvironment_ReSealWithTheCurrentOne_OpeningWhatThePreviousSealed()
    {
        var store = _server.Services.GetRequiredService<IStore>();
        var fileKey = File.ReadAllText(KeyPath("secret-key")).Trim();
        var newKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        var outcome = await SecretKeyRotation.RotateAsync(store, SealingKeys.Load(null, newKey, null, fileKey), TimeProvider.System);
        Assert.Equal(new SecretKeyRotation.Outcome(3, NewKey: false), outcome);
        var newOnly = new SecretVault(store, SealingKeys.Of(Convert.FromBase64String(newKey)));
        Assert.Equal("slack-value", (await newOnly.OpenAsync("slack", SecretReader.Webhooks))!["token"]);
    }
}
