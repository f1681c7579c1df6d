namespace MetaOpt.Storage.Optuna.Tests;

/// <summary>A folder of its own for one test, deleted after it.</summary>
internal sealed class TemporaryFolder : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("metaopt-optuna-").FullName;

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
