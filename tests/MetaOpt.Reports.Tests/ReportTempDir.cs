namespace MetaOpt.Reports.Tests;

/// <summary>A fresh folder for one test's report, deleted afterwards.</summary>
internal sealed class ReportTempDir : IDisposable
{
    public ReportTempDir() => Directory.CreateDirectory(Path);

    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "metaopt-report-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(Path))
            Directory.Delete(Path, recursive: true);
    }
}
