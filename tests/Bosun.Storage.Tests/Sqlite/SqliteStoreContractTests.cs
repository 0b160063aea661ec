using Bosun.Storage.Sqlite;
using Bosun.TestKit;

namespace Bosun.Storage.Tests.Sqlite;

/// <summary>The storage contract on a fresh SQLite file per test.</summary>
public sealed class SqliteStoreContractTests : StoreContractTests
{
    private readonly TempDirectory _dir = new("bosun-contract");

    protected override Task<IStore> OpenAsync() => Task.FromResult<IStore>(SqliteStore.Open(_dir.Combine("bosun.db")));

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        _dir.Dispose();
    }
}
