using MetaOpt.Storage.Testing;

namespace MetaOpt.Storage.LiteDB.Tests;

/// <summary>The storage contract for <see cref="LiteDbStorage"/>, reopened from its file as a new process would.</summary>
public sealed class LiteDbStorageContractTests : StorageContractTests
{
    private readonly TempDirectory _directory = new();

    protected override IStorage Open() => new LiteDbStorage(_directory.File("studies.db"));

    protected override IStorage Reopen(IStorage storage)
    {
        storage.Dispose();
        return Open();
    }

    public override void Dispose()
    {
        base.Dispose();
        _directory.Dispose();
    }
}
