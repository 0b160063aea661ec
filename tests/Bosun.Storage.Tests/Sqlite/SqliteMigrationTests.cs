using System.Text.Json.Nodes;
using Bosun.Core.Events;
using Bosun.Storage.Migrations;
using Bosun.Storage.Sqlite;
using Bosun.TestKit;
using Microsoft.Data.Sqlite;

namespace Bosun.Storage.Tests.Sqlite;

/// <summary>Versioned migrations: a new database gets every one, an older one the missing ones, a newer one is refused.</summary>
public sealed class SqliteMigrationTests : IDisposable
{
    private readonly TempDirectory _dir = new("bosun-migrate");

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _dir.Dispose();
    }

    private string DbPath => _dir.Combine("bosun.db");

    [Fact]
    public void Migrations_AreNumberedOneByOne_FromTheFirstSchema()
    {
        var all = SqliteMigrations.All;
        Assert.True(all.Count >= 2);
        Assert.Equal(Enumerable.Range(1, all.Count), all.Select(m => m.Version));
        Assert.Equal("0001_initial", all[0].Name);
    }

    [Fact]
    public void Open_NewDatabase_HasTheNewestSchema()
    {
        using (SqliteStore.Open(DbPath))
        {
        }
        Assert.Equal(SqliteMigrations.All.Count, Version());
        Assert.Contains("work", Tables());
    }

    [Fact]
    public void Open_DatabaseFromBeforeVersioning_KeepsItsDataAndGainsTheLaterMigrations()
    {
        // A database as the first schema left it: no schema_version table, one stored event.
        using (var connection = Connect())
        {
            Execute(connection, SqliteMigrations.All[0].Sql);
            Execute(connection, "INSERT INTO events (id, source, type, context, time, json, project) VALUES ('e1', 'old', 'sh.keptn.log.error', 'c1', 0, '{\"id\":\"e1\",\"source\":\"old\",\"type\":\"sh.keptn.log.error\",\"shkeptncontext\":\"c1\",\"specversion\":\"1.0\",\"time\":\"1970-01-01T00:00:00.000Z\",\"data\":{\"project\":\"p\"}}', 'p')");
        }
        using (var store = SqliteStore.Open(DbPath))
        {
            var events = store.QueryEvents(new EventQuery { Project = "p" });
            Assert.Equal("e1", Assert.Single(events.Items).Id);
        }
        Assert.Equal(SqliteMigrations.All.Count, Version());
        Assert.Contains("work", Tables());
    }

    [Fact]
    public void Open_Twice_AppliesNothingTheSecondTime()
    {
        using (var store = SqliteStore.Open(DbPath))
        {
            using var write = ((IStore)store).BeginWrite();
            write.InsertEvent(new KeptnEvent("e1", "t", "sh.keptn.log.error", "c1", null, DateTimeOffset.UnixEpoch, new JsonObject { ["project"] = "p" }));
            write.Commit();
        }
        using (var store = SqliteStore.Open(DbPath))
        {
            Assert.Single(store.QueryEvents(new EventQuery { Project = "p" }).Items);
        }
        using var connection = Connect();
        Assert.Equal((long)SqliteMigrations.All.Count, Scalar(connection, "SELECT COUNT(*) FROM schema_version"));
    }

    [Fact]
    public void Open_DatabaseOfVersionTwo_HandsItsOpenApprovalGetActionAndGetSliTasksToTheirIntegrations()
    {
        using (var connection = Connect())
        {
            Execute(connection, "CREATE TABLE schema_version (version INTEGER PRIMARY KEY); INSERT INTO schema_version VALUES (1), (2);");
            Execute(connection, SqliteMigrations.All[0].Sql);
            Execute(connection, SqliteMigrations.All[1].Sql);
            var seq = 0;
            foreach (var (id, type) in new[] { ("a1", "sh.keptn.event.approval.triggered"), ("g1", "sh.keptn.event.get-action.triggered"), ("s1", "sh.keptn.event.get-sli.triggered"), ("t1", "sh.keptn.event.test.triggered") })
            {
                seq++;
                var evt = new KeptnEvent(id, "shipyard-controller", type, "c1", null, DateTimeOffset.UnixEpoch, new JsonObject { ["project"] = "p" });
                Execute(connection, $"INSERT INTO events (seq, id, source, type, context, time, json) VALUES ({seq}, '{id}', 'shipyard-controller', '{type}', 'c1', 0, '{KeptnEventJson.ToJson(evt).ToJsonString()}')");
                Execute(connection, $"INSERT INTO open_tasks (triggeredid, type, event_seq) VALUES ('{id}', '{type}', {seq})");
            }
        }
        using var store = SqliteStore.Open(DbPath);
        using var batch = ((IStore)store).BeginWrite();
        var claims = batch.ClaimWork(["approval-service", "remediation-service", "prometheus-service", "webhook-service"], "new", DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch.AddSeconds(10), 10);
        Assert.Equal([("a1", "approval-service"), ("g1", "remediation-service"), ("s1", "prometheus-service")], claims.Select(c => (c.Event.Id, c.Integration)).Order());
        Assert.All(claims, c => Assert.Equal(1L, c.Epoch));
    }

    [Fact]
    public void Open_DatabaseOfVersionEight_FillsTheSequenceResultAndLabelColumnsFromItsRows()
    {
        using (var connection = Connect())
        {
            Execute(connection, "CREATE TABLE schema_version (version INTEGER PRIMARY KEY);");
            foreach (var migration in SqliteMigrations.All.Take(8))
            {
                Execute(connection, migration.Sql);
                Execute(connection, $"INSERT INTO schema_version VALUES ({migration.Version})");
            }
            const string Json = """{"id":"s1","keptnContext":"c1","project":"p","stage":"dev","service":"web","sequence":"delivery","order":1,"triggeredAt":"1970-01-01T00:00:00+00:00","inputData":{"labels":{"version":"1.2","build":7}},"state":"Finished","result":"fail"}""";
            Execute(connection, $"INSERT INTO sequences (id, context, project, stage, service, name, state, active, ord, triggered_at, json) VALUES ('s1', 'c1', 'p', 'dev', 'web', 'delivery', 'finished', 0, 1, 0, '{Json}')");
            Execute(connection, "INSERT INTO sequences (id, context, project, stage, service, name, state, active, ord, triggered_at, json) VALUES ('s2', 'c2', 'p', 'dev', 'web', 'delivery', 'started', 1, 2, 0, '{\"id\":\"s2\",\"keptnContext\":\"c2\",\"project\":\"p\",\"stage\":\"dev\",\"service\":\"web\",\"sequence\":\"delivery\",\"order\":2,\"triggeredAt\":\"1970-01-01T00:00:00+00:00\",\"inputData\":{}}')");
        }
        using var store = SqliteStore.Open(DbPath);
        Assert.Equal("s1", Assert.Single(store.QuerySequences(new SequenceQuery("p") { Result = "fail" }).Items).Id);
        Assert.Equal("s1", Assert.Single(store.QuerySequences(new SequenceQuery("p") { Labels = [new("version", "1.2"), new("build", "7")] }).Items).Id);
        Assert.Equal(2, store.QuerySequences(new SequenceQuery("p")).TotalCount);
    }

    [Fact]
    public void Open_DatabaseOfVersionTen_ReadsTheDeliveryFactsOfItsRowsFromTheirJson()
    {
        var execution = new Bosun.Core.Sequences.SequenceExecution
        {
            Id = "s1",
            KeptnContext = "c1",
            Project = "p",
            Stage = "prod",
            Service = "web",
            Sequence = "delivery",
            Order = 1,
            TriggeredAt = DateTimeOffset.UnixEpoch,
            InputData = new System.Text.Json.Nodes.JsonObject { ["labels"] = new System.Text.Json.Nodes.JsonObject { ["version"] = "1.2" } },
            State = Bosun.Core.Sequences.SequenceState.Finished,
            Result = "fail",
            FinishedAt = DateTimeOffset.UnixEpoch.AddMinutes(9),
        };
        execution.Completed.Add(new Bosun.Core.Sequences.CompletedTask("deliver", "t1", "pass", "succeeded", null, [], null, DateTimeOffset.UnixEpoch.AddMinutes(5)));
        execution.Completed.Add(new Bosun.Core.Sequences.CompletedTask("evaluation", "t2", "fail", "succeeded", null, [], null, DateTimeOffset.UnixEpoch.AddMinutes(8)));
        using (var connection = Connect())
        {
            Execute(connection, "CREATE TABLE schema_version (version INTEGER PRIMARY KEY);");
            foreach (var migration in SqliteMigrations.All.Take(10))
            {
                Execute(connection, migration.Sql);
                Execute(connection, $"INSERT INTO schema_version VALUES ({migration.Version})");
            }
            var json = ExecutionJson.Write(execution).Replace("'", "''", StringComparison.Ordinal);
            Execute(connection, $"INSERT INTO sequences (id, context, project, stage, service, name, state, active, ord, triggered_at, json, result, labels) VALUES ('s1', 'c1', 'p', 'prod', 'web', 'delivery', 'finished', 0, 1, 0, '{json}', 'fail', '')");
        }
        using var store = SqliteStore.Open(DbPath);
        var facts = Assert.Single(store.QuerySequenceFacts(new SequenceQuery("p") { Stage = "prod" }));
        Assert.Equal(("1.2", DateTimeOffset.UnixEpoch.AddMinutes(5), DateTimeOffset.UnixEpoch.AddMinutes(8), DateTimeOffset.UnixEpoch.AddMinutes(9)),
            (facts.Version, facts.DeliveredAt, facts.FailedAt, facts.FinishedAt));
    }

    [Fact]
    public void Open_DatabaseNewerThanTheBinary_IsRefusedInOneLine_AndLeftAsItWas()
    {
        using (SqliteStore.Open(DbPath))
        {
        }
        var newer = SqliteMigrations.All.Count + 1;
        using (var connection = Connect())
        {
            Execute(connection, $"INSERT INTO schema_version (version) VALUES ({newer}); CREATE TABLE from_the_future (x INTEGER);");
        }
        var error = Assert.Throws<StoreSchemaException>(() => SqliteStore.Open(DbPath));
        Assert.Equal(Migration.TooNew($"at {DbPath}", newer, SqliteMigrations.All.Count), error.Message);
        Assert.DoesNotContain('\n', error.Message);
        Assert.Contains($"schema version {newer}", error.Message);
        Assert.Equal(newer, Version());
        Assert.Contains("from_the_future", Tables());
    }

    private SqliteConnection Connect()
    {
        var connection = new SqliteConnection($"Data Source={DbPath}");
        connection.Open();
        return connection;
    }

    private long Version()
    {
        using var connection = Connect();
        return (long)Scalar(connection, "SELECT MAX(version) FROM schema_version")!;
    }

    private List<string> Tables()
    {
        using var connection = Connect();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table'";
        using var reader = command.ExecuteReader();
        var names = new List<string>();
        while (reader.Read())
        {
            names.Add(reader.GetString(0));
        }
        return names;
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static object? Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }
}
