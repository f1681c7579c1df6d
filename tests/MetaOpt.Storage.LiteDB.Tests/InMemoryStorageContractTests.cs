using MetaOpt.Storage.Testing;

namespace MetaOpt.Storage.LiteDB.Tests;

/// <summary>The storage contract for <see cref="InMemoryStorage"/>, whose "reopen" is the same instance.</summary>
public sealed class InMemoryStorageContractTests : StorageContractTests
{
    protected override IStorage Open() => new InMemoryStorage();

    protected override IStorage Reopen(IStorage storage) => storage;
}
