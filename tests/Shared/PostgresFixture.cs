namespace Bosun.TestKit;

/// <summary>
/// One real PostgreSQL server for every PostgreSQL test of a test project (a database per test). Compiled into each
/// project that uses it, with the project's own collection definition (xUnit finds collections per assembly).
/// </summary>
public sealed class PostgresFixture : IAsyncLifetime
{
    public PostgresServer Server { get; private set; } = null!;

    public async Task InitializeAsync() => Server = await PostgresServer.StartAsync();

    public async Task DisposeAsync() => await Server.DisposeAsync();
}
