using MetaOpt.Storage.Testing;

namespace MetaOpt.Storage.Postgres.Tests;

/// <summary>The storage contract for <see cref="PostgresStorage"/>, each test in a database of its own, reopened as a new process would.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresStorageContractTests : StorageContractTests
{
    private string? _url;

    protected override IStorage Open()
    {
        _url ??= PostgresServer.Require().NewDatabase();
        return new PostgresStorage(_url);
    }

    protected override IStorage Reopen(IStorage storage)
    {
        storage.Dispose();
        return Open();
    }
}
