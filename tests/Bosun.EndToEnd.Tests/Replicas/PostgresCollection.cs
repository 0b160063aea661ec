using Bosun.TestKit;

namespace Bosun.EndToEnd.Tests.Replicas;

[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresFixture>
{
    public const string Name = "postgres";
}
