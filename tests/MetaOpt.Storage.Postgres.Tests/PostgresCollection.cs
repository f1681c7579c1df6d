namespace MetaOpt.Storage.Postgres.Tests;

/// <summary>Runs the PostgreSQL tests one class at a time, as one of them restarts the shared server.</summary>
[CollectionDefinition(Name)]
public sealed class PostgresCollection
{
    public const string Name = "postgres";
}
