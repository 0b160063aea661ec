using Bosun.Storage.Postgres;
using Bosun.TestKit;

namespace Bosun.Storage.Tests.Postgres;

/// <summary>The storage contract on a real PostgreSQL server, a fresh database per test.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresStoreContractTests(PostgresFixture postgres) : StoreContractTests
{
    protected override async Task<IStore> OpenAsync() => await PostgresStore.OpenAsync(await postgres.Server.CreateDatabaseAsync("contract"));
}
