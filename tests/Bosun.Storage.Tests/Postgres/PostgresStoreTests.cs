using System.Text.Json.Nodes;
using Bosun.Core.Events;
using Bosun.Storage.Postgres;
using Bosun.TestKit;
using Npgsql;

namespace Bosun.Storage.Tests.Postgres;

/// <summary>
/// What only PostgreSQL can show: two connections writing at once (the (source, id) de-duplication, work claims with
/// SKIP LOCKED), and its migrations on a real server.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresStoreTests(PostgresFixture postgres) : IAsyncLifetime
{
    private static readonly DateTimeOffset T0 = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private string _connectionString = null!;
    private PostgresStore _store = null!;

    public async Task InitializeAsync()
    {
        _connectionString = await postgres.Server.CreateDatabaseAsync("pg");
        _store = await PostgresStore.OpenAsync(_connectionString);
    }

    public Task DisposeAsync()
    {
        _store.Dispose();
        return Task.CompletedTask;
    }

    private static KeptnEvent Event(string id, string source = "test") =>
        new(id, source, "sh.keptn.event.deploy.triggered", "c-" + id, null, T0, new JsonObject { ["project"] = "p" });

    [Fact]
    public async Task InsertEvent_SameSourceAndIdFromTwoConnectionsAtOnce_IsStoredOnce()
    {
        using var a = _store.BeginWrite();
        using var b = _store.BeginWrite();
        a.InsertEvent(Event("same"));
        // A statement that answers sends the insert waiting before it.
        Assert.Null(a.FindSideTask("none", "sh.keptn.event.none.triggered", "test"));
        // b waits on a's uncommitted row (its insert goes out with its commit at the latest); once a commits, b's insert
        // is refused by the unique index.
        var second = Task.Run(() =>
        {
            b.InsertEvent(Event("same"));
            b.Commit();
        });
        await Task.Delay(200);
        Assert.False(second.IsCompleted);
        a.Commit();
        var refused = await Assert.ThrowsAsync<PostgresException>(() => second);
        Assert.Equal(PostgresErrorCodes.UniqueViolation, refused.SqlState);
        Assert.Single((await _store.QueryEventsAsync(new EventQuery { EventId = "same" })).Items);
    }

    [Fact]
    public void ClaimWork_FromTwoConnectionsAtOnce_GivesEachRowToOne()
    {
        using (var batch = _store.BeginWrite())
        {
            var seq = batch.InsertEvent(Event("t1"));
            for (var i = 0; i < 20; i++)
            {
                batch.AddWork(new WorkRecord($"w{i}", "webhook-service", seq, $"k{i}", T0, T0), "gone", T0);
            }
            batch.Commit();
        }
        using var a = _store.BeginWrite();
        using var b = _store.BeginWrite();
        var first = a.ClaimWork(["webhook-service"], "a", T0.AddMinutes(1), T0.AddMinutes(2), 15);
        var second = b.ClaimWork(["webhook-service"], "b", T0.AddMinutes(1), T0.AddMinutes(2), 15);
        a.Commit();
        b.Commit();
        Assert.Equal((15, 5), (first.Count, second.Count));
        Assert.Empty(first.Select(c => c.Id).Intersect(second.Select(c => c.Id)));
    }

    [Fact]
    public async Task Open_MigratesAnEmptyDatabaseOnce_AndRefusesANewerSchemaInOneLine()
    {
        Assert.Equal(PostgresMigrations.All.Count, await VersionAsync());
        using (await PostgresStore.OpenAsync(_connectionString))
        {
        }
        Assert.Equal(PostgresMigrations.All.Count, await CountAsync("SELECT COUNT(*) FROM schema_version"));
        var newer = PostgresMigrations.All.Count + 1;
        await CountAsync($"INSERT INTO schema_version (version) VALUES ({newer}) RETURNING version");
        var error = await Assert.ThrowsAsync<StoreSchemaException>(() => PostgresStore.OpenAsync(_connectionString));
        Assert.StartsWith("the database at 127.0.0.1:", error.Message);
        Assert.Contains($"has schema version {newer}, newer than this binary's {newer - 1}", error.Message);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Theory]
    [InlineData("Host=127.0.0.1;Port=notaport", "--postgres: the connection string is malformed")]
    [InlineData("NoSuchKeyword=1", "--postgres: the connection string is malformed")]
    [InlineData("Username=postgres", "--postgres: the connection string names no Host")]
    public async Task Open_MalformedConnectionString_IsAnArgumentError(string connectionString, string expected)
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() => PostgresStore.OpenAsync(connectionString));
        Assert.StartsWith(expected, error.Message);
    }

    [Fact]
    public async Task Open_NobodyListening_IsUnavailable_NamingWhere()
    {
        var port = Bosun.TestKit.ChildServer.FreePort();
        var error = await Assert.ThrowsAsync<StoreUnavailableException>(() =>
            PostgresStore.OpenAsync($"Host=127.0.0.1;Port={port};Username=postgres;Timeout=3"));
        Assert.StartsWith($"--postgres: PostgreSQL at 127.0.0.1:{port}/", error.Message);
    }

    private async Task<long> VersionAsync() => await CountAsync("SELECT MAX(version) FROM schema_version");

    private async Task<long> CountAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(_connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
